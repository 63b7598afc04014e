import type { Disk } from './Disk.ts';
import { LogicalDisk } from './LogicalDisk.ts';

export function makeDisk(): Disk {
  return new LogicalDisk();
}
