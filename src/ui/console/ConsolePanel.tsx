// A zkCli console: the same interpreter and output as `npm run zkcli`, with history on the arrow
// keys and tab completion of commands and paths.

import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { completePath, consoleCommands, usePlayground } from '../../store/playground.ts';
import { complete } from './complete.ts';

export function ConsolePanel({ name }: { name: string }) {
  const c = usePlayground((st) => st.consoles[name]);
  const submit = usePlayground((st) => st.submit);
  const [input, setInput] = useState('');
  const [history, setHistory] = useState<string[]>([]);
  const [cursor, setCursor] = useState<number | null>(null);
  const [hint, setHint] = useState<string>('');
  const outRef = useRef<HTMLPreElement>(null);
  const inRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    const el = outRef.current;
    if (el) el.scrollTop = el.scrollHeight;
  }, [c?.lines.length, c?.lines[c.lines.length - 1]?.text]);

  if (!c) return null;

  const onKey = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'Enter') {
      submit(name, input);
      if (input.trim() !== '') setHistory((h) => [...h, input]);
      setInput('');
      setCursor(null);
      setHint('');
    } else if (e.key === 'ArrowUp') {
      e.preventDefault();
      if (history.length === 0) return;
      const i = cursor === null ? history.length - 1 : Math.max(0, cursor - 1);
      setCursor(i);
      setInput(history[i] ?? '');
    } else if (e.key === 'ArrowDown') {
      e.preventDefault();
      if (cursor === null) return;
      const i = cursor + 1;
      if (i >= history.length) {
        setCursor(null);
        setInput('');
      } else {
        setCursor(i);
        setInput(history[i] ?? '');
      }
    } else if (e.key === 'Tab') {
      e.preventDefault();
      const r = complete(input, consoleCommands(name), completePath);
      setInput(r.line);
      setHint(r.candidates.length > 1 ? r.candidates.join('  ') : '');
    }
  };

  return (
    <section className="console" aria-label={`zkCli console ${name}`} onClick={() => inRef.current?.focus()}>
      <h2>
        zkCli <span className="addr">{name}</span>
      </h2>
      <pre className="console-out" ref={outRef} data-testid={`console-${name}-output`}>
        {c.lines.map((l, i) => (
          <span key={i} className={`line-${l.stream}`}>
            {l.text}
          </span>
        ))}
      </pre>
      {hint !== '' && <div className="console-hint">{hint}</div>}
      <div className="console-input">
        <span className="prompt">{c.prompt}</span>
        <input
          ref={inRef}
          value={input}
          onChange={(e) => setInput(e.target.value)}
          onKeyDown={onKey}
          spellCheck={false}
          autoComplete="off"
          aria-label="zkCli command"
          data-testid={`console-${name}-input`}
          autoFocus
        />
      </div>
    </section>
  );
}
