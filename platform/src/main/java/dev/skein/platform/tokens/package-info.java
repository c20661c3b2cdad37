/** Token counting, the unit of every budget in Skein. */
@NullMarked
package dev.skein.platform.tokens;

import org.jspecify.annotations.NullMarked;
