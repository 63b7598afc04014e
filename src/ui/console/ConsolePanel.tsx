// A zkCli console: the same interpreter and output as `npm run zkcli`, with history on the arrow
// keys and tab completion of commands and paths. Every line typed is a recorded `cli` action.

import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { completePaths, consoleCommands, submit, usePlayground, type ClientInfo } from '../../store/playground.ts';
import { complete } from './complete.ts';

/** The output with the typed lines put back where they were typed. */
function transcript(c: ClientInfo): { text: string; input: boolean }[] {
  const parts: { text: string; input: boolean }[] = [];
  let at = 0;
  for (const i of c.inputs) {
    const upto = Math.min(i.offset, c.output.length);
    if (upto > at) parts.push({ text: c.output.slice(at, upto), input: false });
    at = Math.max(at, upto);
    const before = parts.length > 0 ? parts[parts.length - 1]!.text : '\n';
    parts.push({ text: `${before.endsWith('\n') ? '' : '\n'}${i.text}\n`, input: true });
  }
  if (c.output.length > at) parts.push({ text: c.output.slice(at), input: false });
  return parts;
}

export function ConsolePanel({ name }: { name: string }) {
  const c = usePlayground((st) => st.clients.find((x) => x.name === name));
  const [input, setInput] = useState('');
  const [history, setHistory] = useState<string[]>([]);
  const [cursor, setCursor] = useState<number | null>(null);
  const [hint, setHint] = useState<string>('');
  const outRef = useRef<HTMLPreElement>(null);
  const inRef = useRef<HTMLInputElement>(null);

  // Keep the newest output in view, once a frame at most: reading scrollHeight lays the page out,
  // and a replay redraws the console many times a frame.
  useEffect(() => {
    const frame = requestAnimationFrame(() => {
      const el = outRef.current;
      if (el) el.scrollTop = el.scrollHeight;
    });
    return () => cancelAnimationFrame(frame);
  }, [c?.output.length, c?.inputs.length]);

  if (!c) return null;

  const onKey = async (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'Enter') {
      const r = submit(name, input);
      if (input.trim() !== '') setHistory((h) => [...h, input]);
      setInput('');
      setCursor(null);
      setHint(r && !r.ok ? r.errors.join('; ') : '');
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
      const line = input;
      const word = /(\S*)$/.exec(line)![1]!;
      const paths = word.startsWith('/') ? await completePaths(name, word) : [];
      const r = complete(line, consoleCommands(name), () => paths);
      setInput(r.line);
      setHint(r.candidates.length > 1 ? r.candidates.join('  ') : '');
    }
  };

  return (
    <section className="console" aria-label={`zkCli console ${name}`} data-testid={`console-${name}`} onClick={() => inRef.current?.focus()}>
      <h2>
        zkCli <span className="addr">{name}</span> <span className={`client-state state-${c.state}`}>{c.state}</span>
      </h2>
      <pre className="console-out" ref={outRef} data-testid={`console-${name}-output`}>
        {transcript(c).map((p, i) => (
          <span key={i} className={p.input ? 'line-in' : 'line-out'}>
            {p.text}
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
          onKeyDown={(e) => void onKey(e)}
          spellCheck={false}
          autoComplete="off"
          aria-label="zkCli command"
          title="A zkCli command. Tab completes commands and paths, ↑/↓ walk the history; connect s2 (or server.2, zk2, 127.0.0.1:2182) moves this client to server 2."
          data-testid={`console-${name}-input`}
          autoFocus
        />
      </div>
    </section>
  );
}
