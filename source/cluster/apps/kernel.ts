// The simulated nodes' kernel, as `uname` and server start-up banners print it.
export const KERNEL_RELEASE = '6.8.0-52-generic';
