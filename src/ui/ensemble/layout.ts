// Where things go on the ensemble stage: servers on an ellipse filling the space (grown until no
// two overlap), each server's clients as small pills just outside it, the ones that do not fit
// folded into a "+N" pill. Pure, so it is tested without a page.

import { pointRadial } from 'd3';

export interface Pt {
  readonly x: number;
  readonly y: number;
}

export interface Size {
  readonly w: number;
  readonly h: number;
}

export interface ClientSpot extends Pt {
  readonly name: string;
  readonly w: number;
  /** The server it is attached to (null: not connected anywhere). */
  readonly server: number | null;
}

export interface FoldSpot extends Pt {
  readonly server: number;
  readonly w: number;
  readonly names: readonly string[];
}

export interface Layout {
  readonly width: number;
  readonly height: number;
  /** Server nodes are boxes of this size centred on their point. */
  readonly node: Size;
  readonly compact: boolean;
  readonly servers: ReadonlyMap<number, Pt>;
  readonly clients: ReadonlyMap<string, ClientSpot>;
  /** Per server, the clients that did not get a pill of their own. */
  readonly folds: ReadonlyMap<number, FoldSpot>;
  /** Per server, where its other client connections (four-letter words, folded clients) end. */
  readonly anchors: ReadonlyMap<number, Pt>;
}

export const PILL_H = 20;
const GAP = 10;
const PAD = 6;

export function pillWidth(text: string): number {
  return Math.min(84, 14 + Math.ceil(text.length * 6.6));
}

/** Where the segment from a box's centre towards (dx, dy) leaves the box (distance from centre). */
export function exitDistance(size: Size, dx: number, dy: number): number {
  const ax = Math.abs(dx);
  const ay = Math.abs(dy);
  const len = Math.hypot(dx, dy);
  if (len === 0) return 0;
  const tx = ax === 0 ? Infinity : size.w / 2 / ax;
  const ty = ay === 0 ? Infinity : size.h / 2 / ay;
  return Math.min(tx, ty) * len;
}

function boxesOverlap(a: Pt, b: Pt, s: Size, margin: number): boolean {
  return Math.abs(a.x - b.x) < s.w + margin && Math.abs(a.y - b.y) < s.h + margin;
}

/** Unit positions on a circle: the first at twelve o'clock, clockwise; two servers side by side. */
function ringUnits(n: number): [number, number][] {
  if (n === 1) return [[0, 0]];
  if (n === 2) return [[-1, 0], [1, 0]];
  return Array.from({ length: n }, (_, i) => pointRadial((2 * Math.PI * i) / n, 1));
}

/** The ring stretched into an ellipse whose boxes (and client bands) just fill width x height. */
function serverRing(ids: readonly number[], width: number, height: number, node: Size, bandX: number, bandY: number): Map<number, Pt & { readonly ux: number; readonly uy: number }> {
  const out = new Map<number, Pt & { ux: number; uy: number }>();
  const units = ringUnits(ids.length);
  const xs = units.map((u) => u[0]);
  const ys = units.map((u) => u[1]);
  const [x0, x1] = [Math.min(...xs), Math.max(...xs)];
  const [y0, y1] = [Math.min(...ys), Math.max(...ys)];
  const rx = x1 > x0 ? Math.max(0, width - node.w - 2 * bandX - 2 * PAD) / (x1 - x0) : 0;
  const ry = y1 > y0 ? Math.max(0, height - node.h - 2 * bandY - 2 * PAD) / (y1 - y0) : 0;
  const cx = x1 > x0 ? PAD + bandX + node.w / 2 - x0 * rx : width / 2;
  const cy = y1 > y0 ? PAD + bandY + node.h / 2 - y0 * ry : height / 2;
  // (ux, uy): the way out of the ring from this server (down for a lone server).
  ids.forEach((id, i) => out.set(id, { x: cx + units[i]![0] * rx, y: cy + units[i]![1] * ry, ux: ids.length === 1 ? 0 : units[i]![0], uy: ids.length === 1 ? 1 : units[i]![1] }));
  return out;
}

function overlapping(servers: ReadonlyMap<number, Pt>, node: Size): boolean {
  const pts = [...servers.values()];
  return pts.some((a, i) => pts.some((b, j) => j > i && boxesOverlap(a, b, node, 10)));
}

/** Node sizes, roomiest first: the first that fits without overlap is used. */
export const FULL: Size = { w: 164, h: 76 };
export const COMPACT: Size = { w: 134, h: 58 };

export interface LayoutInput {
  readonly servers: readonly number[];
  /** Clients in order, with the server they are on (or trying). */
  readonly clients: readonly { readonly name: string; readonly server: number | null }[];
  /** The room there is; the stage grows beyond it when the servers would overlap. */
  readonly width: number;
  readonly height: number;
}

export function layoutEnsemble(input: LayoutInput): Layout {
  const ids = input.servers;
  const any = input.clients.length > 0;
  const widest = Math.max(40, ...input.clients.map((c) => pillWidth(c.name)));
  const bandX = any ? GAP + widest + 2 : 0;
  const bandY = any ? GAP + PILL_H + 2 : 0;
  const tryWith = (node: Size, w: number, h: number) => {
    const width = Math.max(w, node.w + 2 * bandX + 2 * PAD);
    const height = Math.max(h, node.h + 2 * bandY + 2 * PAD);
    return { node, width, height, servers: serverRing(ids, width, height, node, bandX, bandY) };
  };
  let pick = tryWith(FULL, input.width, input.height);
  let compact = false;
  if (overlapping(pick.servers, FULL) || ids.length > 7) {
    compact = true;
    pick = tryWith(COMPACT, input.width, input.height);
    // Still too tight: a bigger stage (it scrolls).
    for (let grow = 1; grow <= 60 && overlapping(pick.servers, COMPACT); grow++) pick = tryWith(COMPACT, input.width + (grow * 16 * input.width) / Math.max(1, input.height) / 2, input.height + grow * 16);
  }
  const { node, width, height, servers } = pick;

  const perServer = new Map<number, string[]>();
  const loose: string[] = [];
  for (const c of input.clients) {
    if (c.server !== null && servers.has(c.server)) {
      const l = perServer.get(c.server) ?? [];
      l.push(c.name);
      perServer.set(c.server, l);
    } else loose.push(c.name);
  }

  const clients = new Map<string, ClientSpot>();
  const folds = new Map<number, FoldSpot>();
  const anchors = new Map<number, Pt>();
  const clampX = (x: number, w: number): number => Math.min(width - PAD - w / 2, Math.max(PAD + w / 2, x));
  const clampY = (y: number): number => Math.min(height - PAD - PILL_H / 2, Math.max(PAD + PILL_H / 2, y));
  const perRow = compact ? 3 : 4;
  for (const [id, p] of servers) {
    const len = Math.hypot(p.ux, p.uy) || 1;
    const ux = p.ux / len;
    const uy = p.uy / len;
    const sideways = Math.abs(ux) > Math.abs(uy) * 1.2;
    const side = Math.sign(ux) || 1;
    // Clients go in a column beside a server on the left or right of the ring, else in a row
    // above or below it.
    const ax = sideways ? p.x + side * (node.w / 2 + GAP + 20) : p.x + (ux * node.w) / 4;
    const ay = sideways ? p.y : p.y + (Math.sign(uy) || 1) * (node.h / 2 + GAP + PILL_H / 2);
    anchors.set(id, { x: clampX(ax, 40), y: clampY(ay) });
    const names = perServer.get(id) ?? [];
    const perLine = sideways ? (compact ? 2 : 3) : perRow;
    const shown = names.length > perLine ? names.slice(0, perLine - 1) : names;
    const folded = names.slice(shown.length);
    const items = shown.map((nm) => ({ name: nm as string | null, w: pillWidth(nm) }));
    if (folded.length > 0) items.push({ name: null, w: pillWidth(`+${folded.length}`) });
    const place = (it: { name: string | null; w: number }, x: number, y: number): void => {
      const spot = { x: clampX(x, it.w), y: clampY(y) };
      if (it.name !== null) clients.set(it.name, { name: it.name, w: it.w, server: id, ...spot });
      else folds.set(id, { server: id, w: it.w, names: folded, ...spot });
    };
    if (sideways) {
      // Pills' inner edges GAP away from the box.
      items.forEach((it, i) => place(it, p.x + side * (node.w / 2 + GAP + it.w / 2), p.y + (i - (items.length - 1) / 2) * (PILL_H + 4)));
    } else {
      const total = items.reduce((a, it) => a + it.w + 6, -6);
      let x = ax - total / 2;
      for (const it of items) {
        place(it, x + it.w / 2, ay);
        x += it.w + 6;
      }
    }
  }
  let x = PAD;
  for (const nm of loose) {
    const w = pillWidth(nm);
    clients.set(nm, { name: nm, w, server: null, x: x + w / 2, y: height - PAD - PILL_H / 2 });
    x += w + 6;
  }
  return { width, height, node, compact, servers, clients, folds, anchors };
}
