/**
 * Problem responses (RFC 9457): one catalogue of types, one handler, for every service.
 */
@NullMarked
package dev.skein.platform.web;

import org.jspecify.annotations.NullMarked;
