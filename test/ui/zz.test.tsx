import {it} from 'vitest';
import {KEYS, start} from './harness.js';
it('print', async () => {
	const h = await start();
	console.log(h.frame());
	await h.type(':svc'); console.log(await h.press(KEYS.enter));
	h.unmount();
});
