// The simulated image catalogue: image references, profiles, processes and the shell.
export type {ExecResult, ExecRun, HttpResponse, ImageProfile, ImageRef, Layer, Listening, ProcessContext, Request, Step} from './types.js';
export {catalogueRepositories, defaultPullPolicy, findImage, imageID, imageSize, nearestTags, notFoundMessage, parseImageRef} from './catalogue.js';
export {expandKubernetesVars, resolveArgv} from './programs.js';
export {isUtility, parseScript, runShell, runShellArgs, runUtility, scanCommands, sigtermExitCode, ShellSyntaxError} from './shell/index.js';
export type {ShellFlavor, ShellOptions, Userland} from './shell/index.js';
export {fakeDigest} from './digest.js';
export {piDigits} from './pi.js';
export {SLEEP_FOREVER} from './time.js';
