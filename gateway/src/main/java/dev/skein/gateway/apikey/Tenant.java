package dev.skein.gateway.apikey;

/**
 * The tenant of the API key that authenticated the request; every public call is scoped
 * to it. Controllers take it as
 * {@code @RequestAttribute(Tenant.ATTRIBUTE) Tenant tenant}.
 */
public record Tenant(String id) {

    public static final String ATTRIBUTE = "skein.tenant";

}
