/**
 * The requests and answers of the services' internal REST APIs, declared once: the server
 * returns these records and the client reads them, so a renamed field breaks the build on
 * both sides instead of a call at run time. Plain data only; what a service checks or
 * derives stays in that service.
 */
package dev.skein.contracts.internal;
