/**
 * The one decision which PostgreSQL the integration tests use: a container with Docker,
 * else the local one.
 */
@NullMarked
package dev.skein.testsupport.database;

import org.jspecify.annotations.NullMarked;
