// The page: time controls on top; the ensemble beside the inspector views (election, tree,
// sessions, watches, logs); consoles and the timeline below.

import { useState } from 'react';
import { Consoles } from './console/Consoles.tsx';
import { BOTTOM_PANELS, INSPECTOR_PANELS } from './layout/panels.ts';
import { Tabs } from './layout/Tabs.tsx';
import { Transport } from './layout/Transport.tsx';
import { ShareBar } from './share/ShareBar.tsx';
import { EnsembleView } from './ensemble/EnsembleView.tsx';
import { Scrubber } from './timeline/Scrubber.tsx';
import { usePlayground } from '../store/playground.ts';
import { useSelection } from '../store/selection.ts';

function Ensemble() {
  return (
    <section className="ensemble" aria-label="Ensemble">
      <EnsembleView />
    </section>
  );
}

function Inspector() {
  const tab = useSelection((s) => s.tab);
  const select = useSelection((s) => s.select);
  if (INSPECTOR_PANELS.length === 0) return null;
  const active = INSPECTOR_PANELS.find((p) => p.id === tab) ?? INSPECTOR_PANELS[0]!;
  const View = active.component;
  return (
    <section className="inspector" aria-label="Inspector">
      <Tabs label="Views" tabs={INSPECTOR_PANELS} active={active.id} onSelect={(id) => select({ tab: id })} />
      <div className="panel-body" role="tabpanel">
        <View />
      </div>
    </section>
  );
}

function Bottom() {
  const [tab, setTab] = useState('consoles');
  const tabs = [{ id: 'consoles', title: 'Consoles', hint: 'zkCli, one per client' }, ...BOTTOM_PANELS];
  const panel = BOTTOM_PANELS.find((p) => p.id === tab);
  const View = panel?.component;
  return (
    <section className="bottom" aria-label="Consoles and timeline">
      {BOTTOM_PANELS.length > 0 && <Tabs label="Bottom" tabs={tabs} active={tab} onSelect={setTab} />}
      <div className="panel-body" role="tabpanel">
        {View ? <View /> : <Consoles />}
      </div>
    </section>
  );
}

export function App() {
  const error = usePlayground((st) => st.error);
  const violations = usePlayground((st) => st.violations);
  return (
    <div className="app">
      <header className="app-header">
        <h1>ZooScope</h1>
        <span className="tagline">a ZooKeeper 3.8 ensemble running in your browser</span>
        <Transport />
        <ShareBar />
      </header>
      <Scrubber />
      {error && (
        <div className="banner error" role="alert">
          {error}
        </div>
      )}
      {violations.length > 0 && (
        <div className="banner error" role="alert">
          Invariant violated: {violations[0]}
        </div>
      )}
      <main className="app-main">
        <Ensemble />
        <Inspector />
        <Bottom />
      </main>
    </div>
  );
}
