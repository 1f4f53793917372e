// networking.k8s.io/v1: Ingresses.
import type {KObject} from './meta.js';
import type {LoadBalancerIngress} from './core.js';

export interface IngressServiceBackend {
	name: string;
	port?: {number?: number; name?: string};
}

export interface IngressBackend {
	service?: IngressServiceBackend;
	resource?: {apiGroup?: string; kind: string; name: string};
}

export interface HTTPIngressPath {
	path?: string;
	pathType?: 'Exact' | 'Prefix' | 'ImplementationSpecific' | string;
	backend: IngressBackend;
}

export interface IngressRule {
	host?: string;
	http?: {paths: HTTPIngressPath[]};
}

export interface IngressTLS {
	hosts?: string[];
	secretName?: string;
}

export interface IngressSpec {
	ingressClassName?: string;
	defaultBackend?: IngressBackend;
	tls?: IngressTLS[];
	rules?: IngressRule[];
}

export interface IngressStatus {
	loadBalancer?: {ingress?: LoadBalancerIngress[]};
}

export interface Ingress extends KObject {
	kind: 'Ingress';
	spec?: IngressSpec;
	status?: IngressStatus;
}
