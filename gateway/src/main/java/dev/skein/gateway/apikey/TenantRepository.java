package dev.skein.gateway.apikey;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

interface TenantRepository extends JpaRepository<RegisteredTenant, String> {

    /**
     * Native, because two keys issued at once for a new tenant both create it: the second
     * insert must be a no-op, not a failed transaction.
     */
    @Modifying
    @Query(value = "INSERT INTO gateway.tenants (id) VALUES (:id) ON CONFLICT (id) DO NOTHING", nativeQuery = true)
    int ensure(@Param("id") String tenantId);

}
