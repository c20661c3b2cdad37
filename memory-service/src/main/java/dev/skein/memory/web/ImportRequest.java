package dev.skein.memory.web;

import java.util.List;

import dev.skein.contracts.MessageInput;

record ImportRequest(List<MessageInput> messages) {
}
