package dev.skein.e2e;

/** Small made-up histories for the tests (never data from an evaluation set). */
final class Histories {

    static final String PET_TURN = "h-03";

    private Histories() {
    }

    /** Twenty turns over two weeks; one of them, early on, is about Maria's puppy. */
    static String petAndHobbies() {
        String[][] turns = { { "Maria", "Good morning! I finally finished painting the kitchen walls a pale yellow." },
                { "Jon", "That sounds lovely, yellow makes a room feel warm." },
                { "Maria", "Also, last spring I adopted a golden retriever puppy and named him Biscuit." },
                { "Jon", "How fun. I have been practising the violin every evening this month." },
                { "Maria", "My sister is getting married in Porto in September." },
                { "Jon", "I switched jobs and now work as a data engineer at a logistics firm." },
                { "Maria", "I am reading a novel about a lighthouse keeper in Norway." },
                { "Jon", "We went hiking in the Alps and the weather was perfect." },
                { "Maria", "I signed up for a pottery class on Thursday nights." },
                { "Jon", "My car broke down on the highway, the repair cost a fortune." },
                { "Maria", "I am trying to cook more vegetarian dinners at home." },
                { "Jon", "The football match last night went to penalties." },
                { "Maria", "I visited my grandmother, she turned ninety." },
                { "Jon", "I need to renew my passport before the summer." },
                { "Maria", "The garden tomatoes are finally turning red." },
                { "Jon", "I started a podcast about urban cycling." },
                { "Maria", "Our book club picked a mystery for next month." },
                { "Jon", "I fixed the leaking tap in the bathroom myself." },
                { "Maria", "I bought a new laptop for my design work." },
                { "Jon", "See you at the concert on Saturday!" } };
        StringBuilder json = new StringBuilder("{\"messages\":[");
        for (int i = 0; i < turns.length; i++) {
            String role = turns[i][0].equals("Maria") ? "user" : "assistant";
            String createdAt = "2024-03-%02dT10:%02d:00Z".formatted(1 + i / 2, i);
            json.append(i == 0 ? "" : ",")
                .append(SkeinClient.JSON.createObjectNode()
                    .put("role", role)
                    .put("speaker", turns[i][0])
                    .put("content", turns[i][1])
                    .put("externalId", "h-%02d".formatted(i + 1))
                    .put("createdAt", createdAt));
        }
        return json.append("]}").toString();
    }

}
