// Servers: nginx, Apache httpd, Redis, PostgreSQL, hashicorp/http-echo and the pause container.
// Each prints its real start-up lines on the virtual clock, then serves forever.
export {AGNHOST_PROGRAMS} from './agnhost.js';
export {HTTP_ECHO_PROGRAMS} from './http-echo.js';
export {HTTPD_PROGRAMS} from './httpd.js';
export {NGINX_PROGRAMS} from './nginx.js';
export {PAUSE_PROGRAMS} from './pause.js';
export {POSTGRES_PROGRAMS} from './postgres.js';
export {REDIS_PROGRAMS} from './redis.js';
export {BOOTCAMP_PROGRAMS} from './bootcamp.js';
export {GUESTBOOK_FRONTEND_PROGRAMS, HPA_EXAMPLE_PROGRAMS} from './php-apache.js';
