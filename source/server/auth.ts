// Authentication with `kubesim serve --token`: every API request (exec included) must carry
// `Authorization: Bearer <token>`; without a token the server is open.
import type {IncomingMessage} from 'node:http';
import {failureStatus} from './http.js';

export function authorized(req: IncomingMessage, token: string | undefined): boolean {
	return !token || req.headers.authorization === `Bearer ${token}`;
}

export function unauthorized() {
	return failureStatus(401, 'Unauthorized', 'Unauthorized');
}
