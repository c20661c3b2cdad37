/**
 * The house rules as ArchUnit rules, shared by every module's {@code ArchitectureTests}.
 */
@NullMarked
package dev.skein.testsupport.architecture;

import org.jspecify.annotations.NullMarked;
