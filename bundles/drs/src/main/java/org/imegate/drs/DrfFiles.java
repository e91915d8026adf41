package org.imegate.drs;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.Transformer;
import javax.xml.transform.TransformerException;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * The DRS's own settings files (DRS-02): {@value #DEVICES} and {@value #SCHEDULES} in the {@code drs} directory
 * of the appliance store, written atomically, read strictly (no DTD, no external entities). Passwords are kept
 * sealed as the device holds them.
 */
public final class DrfFiles {
    public static final String DEVICES = "drfDevice.xml";
    public static final String SCHEDULES = "drfSchedule.xml";

    private final Path directory;

    public DrfFiles(Path directory) {
        this.directory = directory;
    }

    public Path devicesFile() {
        return directory.resolve(DEVICES);
    }

    public Path schedulesFile() {
        return directory.resolve(SCHEDULES);
    }

    // ------------------------------------------------------------------ devices

    public List<Device> readDevices() throws IOException {
        Path f = devicesFile();
        if (!Files.exists(f)) {
            return List.of();
        }
        try (InputStream in = Files.newInputStream(f)) {
            return parseDevices(in);
        }
    }

    /** Parses a devices document, checking every value by the rules a command would. */
    public static List<Device> parseDevices(InputStream in) throws IOException {
        Element root = parse(in, "drfDevices");
        List<Device> out = new ArrayList<>();
        NodeList list = root.getElementsByTagName("device");
        try {
            for (int i = 0; i < list.getLength(); i++) {
                Element e = (Element) list.item(i);
                String name = DrsRules.deviceName(e.getAttribute("name"));
                Device.Type type = DrsRules.type(e.getAttribute("type"));
                int n = DrsRules.numberOfBackups(e.getAttribute("numberOfBackups"));
                if (type == Device.Type.LOCAL) {
                    out.add(Device.local(name, n));
                } else {
                    String port = e.getAttribute("port");
                    out.add(new Device(name, type, n, DrsRules.remotePath(text(e, "path")),
                            DrsRules.server(text(e, "server")),
                            DrsRules.port(org.imegate.api.validation.Validate.parseInt("port", port, 1, 65535)),
                            DrsRules.username(text(e, "username")), text(e, "password"), optionalText(e, "hostKey")));
                }
            }
        } catch (IllegalArgumentException bad) {
            throw new IOException(DEVICES + " holds a bad value: " + bad.getMessage(), bad);
        }
        if (out.size() > DrsRules.MAX_DEVICES) {
            throw new IOException(DEVICES + " holds " + out.size() + " devices, at most " + DrsRules.MAX_DEVICES);
        }
        return out;
    }

    public void writeDevices(List<Device> devices) throws IOException {
        AtomicFiles.write(devicesFile(), devicesDocument(devices));
    }

    public static byte[] devicesDocument(List<Device> devices) throws IOException {
        Document d = newDocument();
        Element root = d.createElement("drfDevices");
        root.setAttribute("version", "1");
        d.appendChild(root);
        for (Device dev : devices) {
            Element e = d.createElement("device");
            e.setAttribute("name", dev.name());
            e.setAttribute("type", dev.type().word());
            e.setAttribute("numberOfBackups", Integer.toString(dev.numberOfBackups()));
            if (dev.network()) {
                e.setAttribute("port", Integer.toString(dev.port()));
                child(d, e, "path", dev.path());
                child(d, e, "server", dev.server());
                child(d, e, "username", dev.username());
                child(d, e, "password", dev.sealedPassword());
                if (dev.hostKey() != null) {
                    child(d, e, "hostKey", dev.hostKey());
                }
            }
            root.appendChild(e);
        }
        return serialize(d);
    }

    // ------------------------------------------------------------------ schedules

    public List<Schedule> readSchedules() throws IOException {
        Path f = schedulesFile();
        if (!Files.exists(f)) {
            return List.of();
        }
        try (InputStream in = Files.newInputStream(f)) {
            return parseSchedules(in);
        }
    }

    public static List<Schedule> parseSchedules(InputStream in) throws IOException {
        Element root = parse(in, "drfSchedules");
        List<Schedule> out = new ArrayList<>();
        NodeList list = root.getElementsByTagName("schedule");
        try {
            for (int i = 0; i < list.getLength(); i++) {
                Element e = (Element) list.item(i);
                out.add(new Schedule(DrsRules.scheduleName(e.getAttribute("name")),
                        DrsRules.deviceName(e.getAttribute("device")), DrsRules.featureList(e.getAttribute("features")),
                        DrsRules.dateTime(e.getAttribute("datetime")), DrsRules.frequency(e.getAttribute("frequency")),
                        Boolean.parseBoolean(e.getAttribute("enabled")), instant(e, "enabledAt"),
                        instant(e, "lastRun"), e.hasAttribute("lastResult") ? e.getAttribute("lastResult") : null));
            }
        } catch (IllegalArgumentException | DateTimeParseException bad) {
            throw new IOException(SCHEDULES + " holds a bad value: " + bad.getMessage(), bad);
        }
        if (out.size() > DrsRules.MAX_SCHEDULES) {
            throw new IOException(SCHEDULES + " holds " + out.size() + " schedules, at most "
                    + DrsRules.MAX_SCHEDULES);
        }
        return out;
    }

    public void writeSchedules(List<Schedule> schedules) throws IOException {
        AtomicFiles.write(schedulesFile(), schedulesDocument(schedules));
    }

    public static byte[] schedulesDocument(List<Schedule> schedules) throws IOException {
        Document d = newDocument();
        Element root = d.createElement("drfSchedules");
        root.setAttribute("version", "1");
        d.appendChild(root);
        for (Schedule s : schedules) {
            Element e = d.createElement("schedule");
            e.setAttribute("name", s.name());
            e.setAttribute("device", s.device());
            e.setAttribute("features", s.features());
            e.setAttribute("datetime", DrsRules.dateTime(s.start()));
            e.setAttribute("frequency", s.frequency().word());
            e.setAttribute("enabled", Boolean.toString(s.enabled()));
            if (s.enabledAt() != null) {
                e.setAttribute("enabledAt", s.enabledAt().toString());
            }
            if (s.lastRun() != null) {
                e.setAttribute("lastRun", s.lastRun().toString());
            }
            if (s.lastResult() != null) {
                e.setAttribute("lastResult", s.lastResult());
            }
            root.appendChild(e);
        }
        return serialize(d);
    }

    // ------------------------------------------------------------------ XML

    private static Instant instant(Element e, String attribute) {
        return e.hasAttribute(attribute) ? Instant.parse(e.getAttribute(attribute)) : null;
    }

    private static String text(Element parent, String tag) throws IOException {
        String v = optionalText(parent, tag);
        if (v == null) {
            throw new IOException("device " + parent.getAttribute("name") + " has no " + tag);
        }
        return v;
    }

    private static String optionalText(Element parent, String tag) {
        NodeList l = parent.getElementsByTagName(tag);
        return l.getLength() == 0 ? null : l.item(0).getTextContent();
    }

    private static void child(Document d, Element parent, String tag, String value) {
        Element c = d.createElement(tag);
        c.setTextContent(value);
        parent.appendChild(c);
    }

    private static Element parse(InputStream in, String rootName) throws IOException {
        try {
            DocumentBuilder b = factory().newDocumentBuilder();
            b.setErrorHandler(new org.xml.sax.helpers.DefaultHandler() {
                @Override
                public void error(org.xml.sax.SAXParseException e) throws SAXException {
                    throw e;
                }
            });
            Document d = b.parse(in);
            Element root = d.getDocumentElement();
            if (!root.getTagName().equals(rootName) || !"1".equals(root.getAttribute("version"))) {
                throw new IOException("not a " + rootName + " version 1 document");
            }
            return root;
        } catch (SAXException | ParserConfigurationException e) {
            throw new IOException("not well-formed XML: " + e.getMessage(), e);
        }
    }

    private static DocumentBuilderFactory factory() throws ParserConfigurationException {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        f.setXIncludeAware(false);
        f.setExpandEntityReferences(false);
        f.setNamespaceAware(false);
        return f;
    }

    private static Document newDocument() throws IOException {
        try {
            return factory().newDocumentBuilder().newDocument();
        } catch (ParserConfigurationException e) {
            throw new IOException(e);
        }
    }

    private static byte[] serialize(Document d) throws IOException {
        try {
            TransformerFactory tf = TransformerFactory.newInstance();
            Transformer t = tf.newTransformer();
            t.setOutputProperty(OutputKeys.INDENT, "yes");
            t.setOutputProperty(OutputKeys.ENCODING, "UTF-8");
            t.setOutputProperty("{http://xml.apache.org/xslt}indent-amount", "2");
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            t.transform(new DOMSource(d), new StreamResult(out));
            return out.toByteArray();
        } catch (TransformerException e) {
            throw new IOException("cannot write XML: " + e.getMessage(), e);
        }
    }
}
