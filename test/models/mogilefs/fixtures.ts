import type { DeviceInput } from '../../../sim/models/mogilefs/tracker.js';

/** Three storage hosts: sto1 has devices 1 and 2, sto2 has 3, sto3 has 4. */
export function threeHosts(overrides: Partial<Record<number, Partial<DeviceInput>>> = {}): DeviceInput[] {
  const base: DeviceInput[] = [
    { id: 1, host: 'sto1', freeBytes: 1_000_000 },
    { id: 2, host: 'sto1', freeBytes: 1_000_000 },
    { id: 3, host: 'sto2', freeBytes: 1_000_000 },
    { id: 4, host: 'sto3', freeBytes: 1_000_000 },
  ];
  return base.map((device) => ({ ...device, ...overrides[device.id] }));
}
