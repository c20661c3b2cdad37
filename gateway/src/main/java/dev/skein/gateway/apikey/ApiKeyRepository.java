package dev.skein.gateway.apikey;

import java.util.Optional;
import java.util.UUID;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

interface ApiKeyRepository extends JpaRepository<ApiKey, UUID> {

    @Query("select k.tenantId from ApiKey k where k.keyHash = :hash and k.revokedAt is null")
    Optional<String> activeTenantOf(@Param("hash") String keyHash);

    Optional<ApiKey> findByKeyHash(String keyHash);

    /**
     * Native, because "insert unless this hash is known" must not fail the transaction
     * when another gateway registers the same key at the same moment.
     */
    @Modifying
    @Query(value = """
            INSERT INTO gateway.api_keys (id, tenant_id, key_hash, name)
            VALUES (:id, :tenant, :hash, :name)
            ON CONFLICT (key_hash) DO NOTHING""", nativeQuery = true)
    int insertIfNew(@Param("id") UUID id, @Param("tenant") String tenantId, @Param("hash") String keyHash,
            @Param("name") String name);

}
