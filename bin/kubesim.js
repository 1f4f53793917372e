#!/usr/bin/env node
// Runs the TypeScript entry point through tsx, so `kubesim` works from a clone without a build.
import {register} from 'tsx/esm/api';

process.env.NODE_ENV ??= 'production';
register();
await import('../cli.tsx');
