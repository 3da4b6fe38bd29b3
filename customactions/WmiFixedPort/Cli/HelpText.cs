using System.IO;

namespace WmiFixedPort.Cli;

/// <summary>The usage text, kept as a UTF-8 resource (Cli/HelpText.txt): half the size of a string literal in the exe.</summary>
internal static class HelpText
{
    public static string Usage
    {
        get
        {
            using Stream stream = typeof(HelpText).Assembly.GetManifestResourceStream("WmiFixedPort.HelpText.txt")!;
            using var reader = new StreamReader(stream);
            return reader.ReadToEnd().TrimEnd();
        }
    }
}
