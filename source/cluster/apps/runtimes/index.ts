// Language runtimes (node, python, perl) and the stress tools used in resource demos.
//
// Scripts are not interpreted for real: a small reader (reader.ts) picks out what users write
// in demo manifests (print/console.log of literals and simple variables, sleeps, `while True`,
// setInterval, `.listen(port)`, exit codes, uncaught errors) and plan.ts plays it back on the clock.
export {NODE_PROGRAMS} from './node.js';
export {PERL_PROGRAMS, piComputeMs} from './perl.js';
export {PYTHON_PROGRAMS} from './python.js';
export {STRESS_PROGRAMS, VISH_STRESS_PROGRAMS} from './stress.js';
