// The defaults the API server fills in on create and update are each kind's (KindInfo.api in
// source/kinds/), so a stored object reads like one from a real cluster.
import type {KObject} from '../types.js';
import {kindInfo} from '../../kinds/index.js';
import {isObj} from '../../kinds/shared/fields.js';

export {defaultPullPolicy} from '../../kinds/shared/defaults.js';

/**
 * Fills Kubernetes defaults into `obj` in place (pass a fresh copy). Call it before `validate`
 * on create, as the API server defaults first and validates the result.
 */
export function applyDefaults(obj: KObject): void {
	if (isObj(obj) && typeof obj.kind === 'string') kindInfo(obj.kind)?.api?.defaults?.(obj);
}
