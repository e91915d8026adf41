package org.imegate.sip.shell;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.imegate.api.validation.Validate;
import org.imegate.api.validation.ValidationException;

/** Keyword/value words of a seed command line, in any order. */
final class Words {
    private Words() {
    }

    static Map<String, String> parse(List<String> words, Set<String> keywords) {
        Map<String, String> out = new LinkedHashMap<>();
        for (int i = 0; i < words.size(); i++) {
            String k = words.get(i);
            if (!keywords.contains(k)) {
                throw new ValidationException(k, "ERROR: " + k + " is not a keyword of this command (expected one of "
                        + String.join(", ", keywords) + ")");
            }
            if (i + 1 >= words.size()) {
                throw Validate.fail(k, "", "needs a value");
            }
            if (out.put(k, words.get(++i)) != null) {
                throw Validate.fail(k, words.get(i), "is given twice");
            }
        }
        return out;
    }
}
