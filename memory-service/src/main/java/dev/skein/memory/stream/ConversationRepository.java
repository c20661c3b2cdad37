package dev.skein.memory.stream;

import java.util.Optional;
import java.util.UUID;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

interface ConversationRepository extends JpaRepository<ConversationEntity, UUID> {

    Optional<ConversationEntity> findByTenantIdAndConversationId(String tenantId, String conversationId);

    /**
     * Native, because two first writers of a conversation both insert it: ON CONFLICT
     * turns the loser's insert into a no-op (a persist would fail its transaction), and
     * the loser then waits for the winner's row lock.
     */
    @Modifying
    @Query(value = """
            INSERT INTO memory.conversations (uid, tenant_id, conversation_id)
            VALUES (:uid, :tenant, :conversation)
            ON CONFLICT (tenant_id, conversation_id) DO NOTHING""", nativeQuery = true)
    int insertIfAbsent(@Param("uid") UUID uid, @Param("tenant") String tenantId,
            @Param("conversation") String conversationId);

    /**
     * Creates a user on first use; a user that exists (or that another writer creates at
     * the same time) is left as it is.
     */
    @Modifying
    @Query(value = """
            INSERT INTO memory.users (tenant_id, user_id) VALUES (:tenant, :user)
            ON CONFLICT (tenant_id, user_id) DO NOTHING""", nativeQuery = true)
    int insertUserIfAbsent(@Param("tenant") String tenantId, @Param("user") String userId);

}
