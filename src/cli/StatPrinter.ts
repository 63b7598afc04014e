// org.apache.zookeeper.cli.StatPrinter: the eleven-line stat block.

import type { Stat } from '../zk/Stat.ts';
import { javaDateToString, longToHex } from './javaLang.ts';
import type { PrintStream } from './PrintStream.ts';

/** The stat block as text (each line ends with '\n'); times are Date.toString() in UTC. */
export function formatStat(stat: Stat): string {
  return [
    `cZxid = 0x${longToHex(stat.czxid)}`,
    `ctime = ${javaDateToString(stat.ctime)}`,
    `mZxid = 0x${longToHex(stat.mzxid)}`,
    `mtime = ${javaDateToString(stat.mtime)}`,
    `pZxid = 0x${longToHex(stat.pzxid)}`,
    `cversion = ${stat.cversion}`,
    `dataVersion = ${stat.version}`,
    `aclVersion = ${stat.aversion}`,
    `ephemeralOwner = 0x${longToHex(stat.ephemeralOwner)}`,
    `dataLength = ${stat.dataLength}`,
    `numChildren = ${stat.numChildren}`,
  ].map((l) => l + '\n').join('');
}

export class StatPrinter {
  constructor(private readonly out: PrintStream) {}

  print(stat: Stat): void {
    this.out.print(formatStat(stat));
  }
}
