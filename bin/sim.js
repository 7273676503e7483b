#!/usr/bin/env node
// The `sim` command: registers tsx so the TypeScript sources run as they are, then starts the CLI.
import { register } from 'tsx/esm/api';

register();
await import('../sim/cli/sim.ts');
