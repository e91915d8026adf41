package org.imegate.tls.shell;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.imegate.api.validation.SeedWords;
import org.imegate.api.validation.Validate;

/** The words of {@code crypto key ... rsa <keyword value>...}: the key type must be rsa. */
final class RsaWords {
    private RsaWords() {
    }

    static Map<String, String> parse(List<String> words, Set<String> keywords, Set<String> flags) {
        if (!"rsa".equals(words.get(0))) {
            throw Validate.fail("key type", words.get(0), "must be rsa");
        }
        return SeedWords.parse(words.subList(1, words.size()), keywords, flags);
    }
}
