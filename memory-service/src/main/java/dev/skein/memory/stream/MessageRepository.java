package dev.skein.memory.stream;

import java.util.List;
import java.util.UUID;

import org.springframework.data.domain.Limit;
import org.springframework.data.jpa.repository.JpaRepository;

interface MessageRepository extends JpaRepository<MessageEntity, UUID> {

    List<MessageEntity> findByConversationUidAndSequenceGreaterThanOrderBySequence(UUID conversationUid,
            long afterSequence, Limit limit);

    long countByConversationUid(UUID conversationUid);

}
