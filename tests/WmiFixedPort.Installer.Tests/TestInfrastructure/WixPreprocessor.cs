using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace WmiFixedPort.Installer.Tests.TestInfrastructure;

/// <summary>
/// The part of the WiX preprocessor the installer sources use: &lt;?ifdef?&gt;, &lt;?ifndef?&gt;, &lt;?endif?&gt;,
/// &lt;?error?&gt; and $(var.X) / $(sys.BUILDARCHSHORT) in attribute values. Any other directive throws, so that a
/// source change the tests cannot model fails loudly instead of being misread.
/// </summary>
internal static partial class WixPreprocessor
{
    public static XDocument Process(XDocument source, IReadOnlyDictionary<string, string> defines, string buildArchShort = "X64")
    {
        ArgumentNullException.ThrowIfNull(source);
        var document = new XDocument(source);
        var active = new Stack<bool>();
        ProcessContainer(document, defines, active);
        if (active.Count != 0)
        {
            throw new InvalidOperationException("Unbalanced <?ifdef?>/<?endif?>");
        }

        foreach (var attribute in document.Descendants().Attributes().ToList())
        {
            attribute.Value = VariablePattern().Replace(attribute.Value, match =>
            {
                var name = match.Groups[1].Value;
                if (name == "sys.BUILDARCHSHORT")
                {
                    return buildArchShort;
                }

                return name.StartsWith("var.", StringComparison.Ordinal) && defines.TryGetValue(name[4..], out var value)
                    ? value
                    : match.Value;
            });
        }

        return document;
    }

    private static void ProcessContainer(XContainer container, IReadOnlyDictionary<string, string> defines, Stack<bool> active)
    {
        foreach (var node in container.Nodes().ToList())
        {
            if (node is XProcessingInstruction instruction && instruction.Target != "xml")
            {
                var isActive = active.All(a => a);
                var argument = instruction.Data.Trim();
                switch (instruction.Target)
                {
                    case "ifdef":
                        active.Push(defines.ContainsKey(argument));
                        break;
                    case "ifndef":
                        active.Push(!defines.ContainsKey(argument));
                        break;
                    case "endif":
                        active.Pop();
                        break;
                    case "error":
                        if (isActive)
                        {
                            throw new InvalidOperationException($"<?error {argument}?>");
                        }

                        break;
                    default:
                        throw new NotSupportedException($"Preprocessor directive <?{instruction.Target}?> is not modelled by the tests");
                }

                instruction.Remove();
                continue;
            }

            if (!active.All(a => a))
            {
                node.Remove();
                continue;
            }

            if (node is XElement element)
            {
                ProcessContainer(element, defines, active);
            }
        }
    }

    [GeneratedRegex(@"\$\(([A-Za-z0-9_.]+)\)", RegexOptions.CultureInvariant)]
    private static partial Regex VariablePattern();
}
