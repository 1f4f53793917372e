// The dashboard's keyboard: reads stdin itself (raw mode, UTF-8) and hands every key to the
// handler, one at a time, however many arrived in one read. A handler that throws does not stop
// the next key. A lone ESC is the escape key once ESC_WAIT_MS pass with nothing after it.
import {useEffect, useRef} from 'react';
import {useStdin} from 'ink';
import {StringDecoder} from 'node:string_decoder';
import {KeyReader, type KeyEvent} from './keys.js';

/** How long a lone ESC waits for the rest of a sequence before it counts as the escape key. */
export const ESC_WAIT_MS = 10;

export function useKeys(handler: (key: KeyEvent) => void, onError?: (e: unknown) => void): void {
	const {stdin, isRawModeSupported} = useStdin();
	const handlerRef = useRef(handler);
	handlerRef.current = handler;
	const errorRef = useRef(onError);
	errorRef.current = onError;
	useEffect(() => {
		if (!stdin) return;
		const reader = new KeyReader();
		const decoder = new StringDecoder('utf8');
		let timer: ReturnType<typeof setTimeout> | undefined;
		const deliver = (keys: KeyEvent[]) => {
			for (const k of keys) {
				try {
					handlerRef.current(k);
				} catch (e) {
					errorRef.current?.(e);
				}
			}
		};
		const onData = (data: Buffer | string) => {
			if (timer) clearTimeout(timer);
			timer = undefined;
			deliver(reader.push(typeof data === 'string' ? data : decoder.write(data)));
			if (reader.waiting) timer = setTimeout(() => deliver(reader.flush()), ESC_WAIT_MS);
		};
		if (isRawModeSupported) stdin.setRawMode(true);
		stdin.on('data', onData);
		stdin.resume();
		return () => {
			if (timer) clearTimeout(timer);
			stdin.off('data', onData);
			if (isRawModeSupported) stdin.setRawMode(false);
			stdin.pause();
		};
	}, [stdin, isRawModeSupported]);
}
