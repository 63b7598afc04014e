// Interrupt the transitions of a selection's nodes through d3-transition's own `interrupt`: naming
// it keeps d3-transition in a production bundle. Imported only for their methods
// (selection.transition/interrupt, patched in by d3-transition's side effects), the bundler drops
// the module, as `d3` declares itself free of side effects.

import { interrupt, type Selection } from 'd3';

export function stop<S extends Selection<any, any, any, any>>(sel: S, name?: string): S {
  sel.each(function (this: any) {
    interrupt(this, name);
  });
  return sel;
}
