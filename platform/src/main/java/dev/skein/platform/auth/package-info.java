/**
 * Authentication of the internal APIs: every call between services carries a signed,
 * short-lived service token naming the callee and the tenant it may touch; a filter on
 * {@code /internal/**} (and on every actuator endpoint but health) refuses calls without
 * one.
 */
@NullMarked
package dev.skein.platform.auth;

import org.jspecify.annotations.NullMarked;
