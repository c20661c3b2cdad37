/**
 * Upkeep of each service's own tables that PostgreSQL would do itself, for a server that
 * does not ({@link dev.skein.platform.upkeep.DeadRowVacuum}).
 */
@NullMarked
package dev.skein.platform.upkeep;

import org.jspecify.annotations.NullMarked;
