// Ask the servers something (inspect) and keep the answer fresh as the world moves: asked again
// after frames in which the world advanced, at most every `minMs` of real time, never while an
// answer is awaited. Unlike a plain throttle, a frame that falls inside the quiet time is not
// lost: one timer asks again when the quiet time ends, so the last frame before a pause is always
// answered. A paused world makes no frames, so nothing is asked.

import { useEffect, useRef, useState } from 'react';
import { controller } from '../../store/controller.ts';
import { usePlayground } from '../../store/playground.ts';

const sessionIds = new WeakMap<object, number>();
let nextSessionId = 1;

/** A number naming the ensemble now loaded (a new one after every load or resume). */
export function sessionKey(): number {
  const s = controller.session;
  if (s === null) return 0;
  let n = sessionIds.get(s);
  if (n === undefined) sessionIds.set(s, (n = nextSessionId++));
  return n;
}

export function usePolled<T>(key: string | null, ask: () => Promise<T>, minMs = 250): T | null {
  const frame = usePlayground((s) => s.frame);
  const [answer, setAnswer] = useState<{ key: string; value: T } | null>(null);
  const st = useRef({ busy: false, dirty: false, last: -Infinity, timer: null as ReturnType<typeof setTimeout> | null, key: null as string | null, answered: null as string | null, ask, live: true });
  st.current.ask = ask;
  st.current.key = key;

  const request = useRef(() => {});
  request.current = () => {
    const s = st.current;
    if (!s.live || s.key === null) return;
    if (s.busy) {
      s.dirty = true;
      return;
    }
    const wait = s.last + minMs - performance.now();
    if (wait > 0 && s.answered === s.key) {
      if (s.timer === null)
        s.timer = setTimeout(() => {
          s.timer = null;
          request.current();
        }, wait);
      return;
    }
    s.busy = true;
    s.last = performance.now();
    const k = s.key;
    s.ask()
      .then((v) => {
        if (!s.live || k !== s.key) return;
        s.answered = k;
        setAnswer({ key: k, value: v });
      })
      .catch(() => undefined)
      .finally(() => {
        s.busy = false;
        if (s.dirty) {
          s.dirty = false;
          request.current();
        }
      });
  };

  useEffect(() => {
    request.current();
  }, [key, frame]);

  useEffect(() => {
    const s = st.current;
    s.live = true;
    return () => {
      s.live = false;
      if (s.timer !== null) clearTimeout(s.timer);
      s.timer = null;
    };
  }, []);

  return answer !== null && answer.key === key ? answer.value : null;
}
