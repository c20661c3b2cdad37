/** Words of text for cheap lexical signals: one stop-word list, light stemming. */
@NullMarked
package dev.skein.platform.text;

import org.jspecify.annotations.NullMarked;
