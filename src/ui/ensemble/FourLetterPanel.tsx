// The answer to a four-letter word, as `echo srvr | nc host port` prints it, in a panel over the
// ensemble; earlier answers stay a click away.

import { useEffect, useRef } from 'react';
import { formatTime } from '../layout/Transport.tsx';
import { usePlayground } from '../../store/playground.ts';
import { closeAnswer, showAnswer, useFourLetter, useFourLetterAnswers } from './fourletter.ts';

export function FourLetterPanel() {
  useFourLetterAnswers();
  const asked = useFourLetter((s) => s.asked);
  const shown = useFourLetter((s) => s.shown);
  const playing = usePlayground((s) => s.playing);
  const ref = useRef<HTMLElement>(null);
  const a = shown === null ? undefined : asked[shown];
  useEffect(() => {
    if (a) ref.current?.focus();
    // Focus moves in when another answer is shown.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [shown]);
  if (a === undefined || shown === null) return null;
  return (
    <section
      ref={ref}
      className="ens-4lw"
      aria-label={`${a.word} from server ${a.server}`}
      data-testid="fourletter-panel"
      tabIndex={-1}
      onKeyDown={(e) => {
        if (e.key === 'Escape') closeAnswer();
      }}
    >
      <header className="ens-4lw-head">
        <strong>
          <code>{a.word}</code> · server {a.server}
        </strong>
        <span className="ens-4lw-at" title="Virtual time the word was sent">
          t = {formatTime(a.at)}
        </span>
        {asked.length > 1 && (
          <select aria-label="Earlier answers" title="Earlier four-letter words" value={shown} onChange={(e) => showAnswer(Number(e.target.value))}>
            {asked.map((x, i) => (
              <option key={i} value={i}>
                {x.word} s{x.server} @ {formatTime(x.at)}
              </option>
            ))}
          </select>
        )}
        <button type="button" className="ens-x" title="Close (Escape)" aria-label="Close the answer" data-testid="fourletter-close" onClick={closeAnswer}>
          ✕
        </button>
      </header>
      {a.output === null ? (
        <p className="ens-4lw-wait" data-testid="fourletter-wait">
          Waiting for the answer…{!playing && ' The world is paused: press Play or Step to let it travel.'}
        </p>
      ) : (
        <pre className="ens-4lw-out" data-testid="fourletter-output">
          {a.output === '' ? '(no answer: the connection was closed without output)' : a.output}
        </pre>
      )}
    </section>
  );
}
