package dev.merchantnotify.bench;

/**
 * Which merchants a scenario's notifications go to: notification {@code i} goes to merchant {@code i % 100}, whose
 * behaviour the mix decides. The payload is a typical paid-order notification (about 190 bytes as a form). With an
 * {@code accountPrefix}, notification {@code i} names merchant account {@code accountPrefix + i % 100} instead of a
 * notify URL, and is routed by that account's route ({@link #failover}).
 */
record Workload(String name, MerchantSimulator simulator, String[] behaviours, String accountPrefix) {

    Workload(String name, MerchantSimulator simulator, String[] behaviours) {
        this(name, simulator, behaviours, null);
    }

    /**
     * 100 merchant accounts, each with a failover route whose primary never answers and whose backup (the merchant's
     * healthy path, {@link #url}) answers {@code success} at once; {@link #primaryUrl} is the dead primary.
     */
    static Workload failover(MerchantSimulator simulator) {
        String[] behaviours = new String[MERCHANTS];
        java.util.Arrays.fill(behaviours, "ok");
        return new Workload("failover", simulator, behaviours, "BENCH-F");
    }

    String primaryUrl(int merchant) {
        return simulator.url(merchant, "hang");
    }

    /** The ceiling's ids start here (the simulator is reset between runs, so any positive start works). */
    static final long CEILING_IDS = 1;
    static final int MERCHANTS = 100;

    /** 100 merchants that answer {@code success} at once. */
    static Workload healthy(MerchantSimulator simulator) {
        return mix("healthy", simulator, 100, 0, 0);
    }

    /** 100 merchants that all behave as {@code behaviour} (a simulator behaviour, which also names the workload). */
    static Workload all(String behaviour, MerchantSimulator simulator) {
        String[] behaviours = new String[MERCHANTS];
        java.util.Arrays.fill(behaviours, behaviour);
        return new Workload(behaviour, simulator, behaviours);
    }

    /** 80 healthy merchants, 10 that answer after 4 s, 10 that never answer. */
    static Workload hostile(MerchantSimulator simulator) {
        return mix("hostile", simulator, 80, 10, 10);
    }

    private static Workload mix(String name, MerchantSimulator simulator, int ok, int slow, int hang) {
        String[] behaviours = new String[MERCHANTS];
        for (int m = 0; m < MERCHANTS; m++) {
            behaviours[m] = m < ok ? "ok" : m < ok + slow ? "slow-4000" : "hang";
        }
        return new Workload(name, simulator, behaviours);
    }

    String url(int i) {
        int merchant = i % MERCHANTS;
        return simulator.url(merchant, behaviours[merchant]);
    }

    boolean healthy(int i) {
        return "ok".equals(behaviours[i % MERCHANTS]);
    }

    String formBody(String orderNo) {
        return "order_no=" + orderNo + "&trade_no=2025101022001400000000" + orderNo.hashCode()
                + "&trade_status=TRADE_SUCCESS&total_amount=99.00&buyer_id=2088102000000000&gmt_payment=2025-10-10+10%3A10%3A10";
    }

    /** The notification as the batch API takes it. */
    void appendJson(StringBuilder json, String orderNo, int i) {
        json.append("{\"order_no\":\"").append(orderNo);
        if (accountPrefix == null) {
            json.append("\",\"notify_url\":\"").append(url(i));
        } else {
            json.append("\",\"merchant_no\":\"").append(accountPrefix).append(i % MERCHANTS);
        }
        json.append("\",\"payload\":{\"order_no\":\"").append(orderNo)
                .append("\",\"trade_no\":\"2025101022001400000000").append(orderNo.hashCode())
                .append("\",\"trade_status\":\"TRADE_SUCCESS\",\"total_amount\":\"99.00\",\"buyer_id\":\"2088102000000000\","
                        + "\"gmt_payment\":\"2025-10-10 10:10:10\"}}");
    }
}
