package org.imegate.ime.vap;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;

/**
 * The XML documents VAP carries in ServiceContent: the VService description (§10.1) a call agent
 * publishes, and ValInfo (§10.2), the number, ticket and routes of a validation. Parsing refuses DTDs
 * and external entities; elements are matched by local name (the draft mixes two namespaces).
 */
public final class ServiceXml {

    /** A parsed VService description. */
    public record VService(String id, String dhtName, int didCount, String domain, List<String> whitelist,
            List<String> blacklist, List<String> sipUris) {
    }

    /** A parsed ValInfo document. */
    public record ValInfo(String number, String ticket, List<String> sipUris) {
    }

    private ServiceXml() {
    }

    private static Document parse(byte[] xml) throws IllegalArgumentException {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(true);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setFeature("http://xml.org/sax/features/external-general-entities", false);
            f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            f.setExpandEntityReferences(false);
            f.setXIncludeAware(false);
            DocumentBuilder b = f.newDocumentBuilder();
            b.setErrorHandler(null);
            return b.parse(new ByteArrayInputStream(xml));
        } catch (ParserConfigurationException | SAXException | IOException e) {
            throw new IllegalArgumentException("ServiceContent is not well-formed XML: " + e.getMessage());
        }
    }

    private static String local(Node n) {
        return n.getLocalName() == null ? n.getNodeName() : n.getLocalName();
    }

    private static List<Element> children(Element e, String name) {
        List<Element> out = new ArrayList<>();
        for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element c && local(c).equals(name)) {
                out.add(c);
            }
        }
        return out;
    }

    private static String text(Element e, String name, boolean required) {
        List<Element> c = children(e, name);
        if (c.isEmpty()) {
            if (required) {
                throw new IllegalArgumentException("ServiceContent has no <" + name + ">");
            }
            return "";
        }
        return c.get(0).getTextContent().strip();
    }

    private static List<String> domains(Element vservice, String list) {
        List<String> out = new ArrayList<>();
        for (Element l : children(vservice, list)) {
            for (Element d : children(l, "domain")) {
                out.add(d.getTextContent().strip());
            }
        }
        return out;
    }

    private static List<String> routes(Element parent) {
        List<String> out = new ArrayList<>();
        for (Element r : children(parent, "route")) {
            for (Element u : children(r, "SIPURI")) {
                String uri = u.getTextContent().replaceAll("\\s+", "");
                if (!uri.isEmpty()) {
                    out.add(uri);
                }
            }
        }
        return out;
    }

    /** Parses a VService description; IllegalArgumentException says what is wrong. */
    public static VService vservice(byte[] xml) {
        Element root = parse(xml).getDocumentElement();
        if (!local(root).equals("service-description")) {
            throw new IllegalArgumentException("ServiceContent root is <" + local(root) + ">, not <service-description>");
        }
        List<Element> vs = children(root, "vservice");
        if (vs.isEmpty()) {
            throw new IllegalArgumentException("ServiceContent has no <vservice>");
        }
        Element v = vs.get(0);
        String count = text(v, "DIDCount", true);
        int didCount;
        try {
            didCount = Integer.parseInt(count);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("DIDCount " + count + " is not a number");
        }
        if (didCount < 0) {
            throw new IllegalArgumentException("DIDCount " + count + " is negative");
        }
        String domain = text(v, "domain", true);
        if (domain.isEmpty()) {
            throw new IllegalArgumentException("ServiceContent has an empty <domain>");
        }
        List<String> uris = routes(v);
        if (uris.isEmpty()) {
            throw new IllegalArgumentException("ServiceContent has no <route><SIPURI>");
        }
        return new VService(root.getAttribute("id"), text(v, "DHTname", true), didCount, domain,
                domains(v, "whitelist"), domains(v, "blacklist"), uris);
    }

    /** Parses a ValInfo document. */
    public static ValInfo valInfo(byte[] xml) {
        Element root = parse(xml).getDocumentElement();
        if (!local(root).equals("valinfo")) {
            throw new IllegalArgumentException("document root is <" + local(root) + ">, not <valinfo>");
        }
        return new ValInfo(text(root, "number", true), text(root, "ticket", true), routes(root));
    }

    /** Writes a ValInfo document (Figure 8). */
    public static byte[] valInfo(ValInfo v) {
        try {
            StringWriter w = new StringWriter();
            XMLStreamWriter x = XMLOutputFactory.newInstance().createXMLStreamWriter(w);
            x.writeStartDocument("utf-8", "1.0");
            x.writeStartElement("valinfo");
            x.writeStartElement("number");
            x.writeCharacters(v.number());
            x.writeEndElement();
            x.writeStartElement("ticket");
            x.writeCharacters(v.ticket());
            x.writeEndElement();
            for (String uri : v.sipUris()) {
                x.writeStartElement("route");
                x.writeStartElement("SIPURI");
                x.writeCharacters(uri);
                x.writeEndElement();
                x.writeEndElement();
            }
            x.writeEndElement();
            x.writeEndDocument();
            x.close();
            return w.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        } catch (XMLStreamException e) {
            throw new IllegalStateException(e);
        }
    }
}
