package dev.skein.memory.stream;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.data.domain.Limit;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

interface MessageRepository extends JpaRepository<MessageEntity, UUID> {

    /** The message with this id or this external id; a match on the id first. */
    @Query("""
            select m from MessageEntity m
            where m.conversationUid = :uid and (m.id = :id or m.externalId = :externalId)
            order by case when m.id = :id then 0 else 1 end""")
    List<MessageEntity> findExisting(@Param("uid") UUID conversationUid, @Param("id") UUID id,
            @Param("externalId") String externalId, Limit limit);

    Optional<MessageEntity> findByConversationUidAndId(UUID conversationUid, UUID id);

    List<MessageEntity> findByConversationUidAndSequenceLessThanOrderBySequenceDesc(UUID conversationUid,
            long beforeSequence, Limit limit);

    List<MessageEntity> findByConversationUidAndSequenceBetweenOrderBySequence(UUID conversationUid, long first,
            long last);

    List<MessageEntity> findByConversationUidAndSequenceGreaterThanOrderBySequence(UUID conversationUid,
            long afterSequence, Limit limit);

    long countByConversationUid(UUID conversationUid);

    @Query("""
            select m.speaker from MessageEntity m
            where m.conversationUid = :uid and m.role = :role and m.speaker is not null
            order by m.sequence desc""")
    List<String> lastSpeakers(@Param("uid") UUID conversationUid, @Param("role") String role, Limit limit);

}
