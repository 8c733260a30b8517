package dev.deploypipeline.release;

import java.io.StringReader;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * The text elements of an XML document by path ({@code project/parent/version}), each with the exact characters
 * of its value, read with StAX. The JDK's StAX reports a start tag's end by line and column reliably (its character
 * offsets are read-ahead positions), so the value starts there and runs to the next tag; the value the parser
 * read must be what those characters say, or the site is refused.
 */
final class XmlPositions {
  /** One text element: its path, its value as the parser read it, and its characters in the file. */
  record Element(String path, String value, int valueStart) {}

  private XmlPositions() {}

  /** Every element whose path {@code wanted} accepts, in document order. */
  static List<Element> read(String file, String text, java.util.function.Predicate<String> wanted) {
    // A byte order mark is kept in the text but is not XML: parse after it and shift the positions back.
    int bom = text.startsWith("\uFEFF") ? 1 : 0;
    int[] lineStarts = lineStarts(text.substring(bom));
    XMLInputFactory f = XMLInputFactory.newInstance();
    f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
    f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
    List<Element> out = new ArrayList<>();
    Deque<String> path = new ArrayDeque<>();
    try {
      XMLStreamReader r = f.createXMLStreamReader(new StringReader(text.substring(bom)));
      while (r.hasNext()) {
        int event = r.next();
        if (event == XMLStreamConstants.START_ELEMENT) {
          path.addLast(r.getLocalName());
          String p = String.join("/", path);
          if (!wanted.test(p)) continue;
          int afterTag = bom + lineStarts[r.getLocation().getLineNumber() - 1] + r.getLocation().getColumnNumber() - 1;
          String value = r.getElementText();
          path.removeLast();
          int lead = 0;
          while (afterTag + lead < text.length() && Character.isWhitespace(text.charAt(afterTag + lead))) lead++;
          out.add(new Element(p, value.strip(), afterTag + lead));
        } else if (event == XMLStreamConstants.END_ELEMENT) {
          path.removeLast();
        }
      }
    } catch (XMLStreamException e) {
      throw new ReleaseException(file + " is not well-formed XML: " + e.getMessage(), "fix " + file
          + " (mvn validate says where), then run the release again");
    }
    return out;
  }

  /** The first value of each path. */
  static Map<String, Element> byPath(List<Element> elements) {
    Map<String, Element> m = new LinkedHashMap<>();
    for (Element e : elements) m.putIfAbsent(e.path(), e);
    return m;
  }

  /** Where each line starts, by XML's line ends (LF, CRLF and CR), as StAX counts them. */
  private static int[] lineStarts(String text) {
    List<Integer> starts = new ArrayList<>(List.of(0));
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') i++;
      if (c == '\n' || c == '\r') starts.add(i + 1);
    }
    return starts.stream().mapToInt(Integer::intValue).toArray();
  }
}
