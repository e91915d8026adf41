package org.imegate.sip.message;

/** A SIP request: method, Request-URI and SIP/2.0. */
public final class SipRequest extends SipMessage {

    private final String method;
    private String requestUriText;
    private SipUri requestUri;

    /**
     * @param method a token, e.g. INVITE
     * @param requestUri the Request-URI text: a sip/sips URI, or another absolute URI such as tel:
     */
    public SipRequest(String method, String requestUri) {
        this(method, requestUri, 12);
    }

    SipRequest(String method, String requestUri, int expectedHeaders) {
        super(expectedHeaders);
        if (!Chars.isToken(method)) {
            throw new IllegalArgumentException("invalid method " + method);
        }
        if (requestUri == null || !NameAddr.validAbsoluteUri(requestUri)) {
            throw new IllegalArgumentException("invalid Request-URI " + requestUri);
        }
        this.method = method;
        this.requestUriText = requestUri;
        this.requestUri = NameAddr.isSipScheme(requestUri) ? SipUri.tryParse(requestUri) : null;
        if (this.requestUri == null && NameAddr.isSipScheme(requestUri)) {
            throw new IllegalArgumentException("invalid Request-URI " + requestUri);
        }
    }

    public SipRequest(String method, SipUri requestUri) {
        this(method, requestUri.toString());
    }

    @Override
    public boolean isRequest() {
        return true;
    }

    public String method() {
        return method;
    }

    /** The Request-URI when it is a sip/sips URI, otherwise null (see {@link #requestUriText()}). */
    public SipUri requestUri() {
        return requestUri;
    }

    public void requestUri(SipUri uri) {
        this.requestUri = uri;
        this.requestUriText = uri.toString();
    }

    /** The Request-URI as received (or as last set), whatever its scheme. */
    public String requestUriText() {
        return requestUriText;
    }

    @Override
    public String startLine() {
        return method + ' ' + requestUriText + " SIP/2.0";
    }
}
