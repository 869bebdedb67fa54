package io.sagitta.bench.load;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * {@code --name value} and {@code --flag} options, each checked against the names a command knows;
 * anything else is an {@link IllegalArgumentException} naming it. Values may also be given as
 * {@code --name=value}.
 */
final class Args {

    private final Map<String, String> values = new HashMap<>();
    private final Set<String> flags = new HashSet<>();

    private Args() {
    }

    static Args parse(String[] args, Set<String> valueOptions, Set<String> flagOptions) {
        Args parsed = new Args();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (!a.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument: " + a);
            }
            String name = a.substring(2);
            String value = null;
            int eq = name.indexOf('=');
            if (eq >= 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            }
            if (flagOptions.contains(name) && value == null) {
                parsed.flags.add(name);
            } else if (valueOptions.contains(name)) {
                if (value == null) {
                    if (i + 1 >= args.length) {
                        throw new IllegalArgumentException("--" + name + " needs a value");
                    }
                    value = args[++i];
                }
                parsed.values.put(name, value);
            } else {
                throw new IllegalArgumentException("unknown option: --" + name);
            }
        }
        return parsed;
    }

    boolean flag(String name) {
        return flags.contains(name);
    }

    String string(String name, String defaultValue) {
        return values.getOrDefault(name, defaultValue);
    }

    boolean has(String name) {
        return values.containsKey(name);
    }

    int integer(String name, int defaultValue, int min, int max) {
        String v = values.get(name);
        if (v == null) {
            return defaultValue;
        }
        try {
            int n = Integer.parseInt(v);
            if (n < min || n > max) {
                throw new IllegalArgumentException("--" + name + " must be " + min + ".." + max + ", not " + v);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + " wants a whole number, not " + v);
        }
    }

    long longValue(String name, long defaultValue) {
        String v = values.get(name);
        if (v == null) {
            return defaultValue;
        }
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + " wants a whole number, not " + v);
        }
    }

    double positiveDouble(String name, double defaultValue) {
        String v = values.get(name);
        if (v == null) {
            return defaultValue;
        }
        try {
            double d = Double.parseDouble(v);
            if (!(d > 0) || Double.isInfinite(d)) {
                throw new IllegalArgumentException("--" + name + " must be positive, not " + v);
            }
            return d;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + " wants a number, not " + v);
        }
    }

    /** {@code 30}, {@code 30s}, {@code 2m}, {@code 500ms} as nanoseconds; -1 when absent. */
    long durationNanos(String name) {
        String v = values.get(name);
        if (v == null) {
            return -1;
        }
        try {
            double amount;
            double unit;
            if (v.endsWith("ms")) {
                amount = Double.parseDouble(v.substring(0, v.length() - 2));
                unit = 1e6;
            } else if (v.endsWith("s")) {
                amount = Double.parseDouble(v.substring(0, v.length() - 1));
                unit = 1e9;
            } else if (v.endsWith("m")) {
                amount = Double.parseDouble(v.substring(0, v.length() - 1));
                unit = 60e9;
            } else {
                amount = Double.parseDouble(v);
                unit = 1e9;
            }
            if (!(amount > 0)) {
                throw new IllegalArgumentException("--" + name + " must be positive, not " + v);
            }
            return (long) (amount * unit);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + " wants a duration like 30s, 2m or 500ms, not " + v);
        }
    }
}
