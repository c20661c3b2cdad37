package dev.skein.memory.web;

import java.util.UUID;

record Erased(UUID conversationUid) {
}
