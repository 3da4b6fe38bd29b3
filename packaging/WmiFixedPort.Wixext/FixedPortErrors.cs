using WixToolset.Data;

namespace WmiFixedPort.Wixext;

/// <summary>
/// The extension's compile errors. Ids 9700-9799 are ours: WiX v5.0.2 uses 1-9034 in the core and 5000-6899 in its
/// extensions (checked in wixtoolset/wix v5.0.2, src/**/*Errors.cs and *Messages.cs). WiX shows them as WIX97nn.
/// </summary>
internal static class FixedPortErrors
{
    public enum Ids
    {
        InvalidAttributeValue = 9701,
        MoreThanOneElement = 9702,
        UnsupportedPlatform = 9703,
        ParentWithoutId = 9704,
    }

    /// <summary>A literal attribute value the engine refuses; <paramref name="reason"/> is the engine's own message.</summary>
    public static Message InvalidAttributeValue(SourceLineNumber sourceLineNumbers, string attribute, string reason) =>
        Error(sourceLineNumbers, Ids.InvalidAttributeValue, $"The {FixedPortConstants.ElementName}/@{attribute} attribute's value is not valid. {reason} A value that refers to a property ([NAME]) is checked at install time instead.");

    public static Message MoreThanOneElement(SourceLineNumber sourceLineNumbers) =>
        Error(sourceLineNumbers, Ids.MoreThanOneElement, $"Only one {FixedPortConstants.ElementName} element is allowed in a package: WMI has one fixed port per machine. Remove this one or the other.");

    public static Message UnsupportedPlatform(SourceLineNumber sourceLineNumbers, string platform) =>
        Error(sourceLineNumbers, Ids.UnsupportedPlatform, $"The {FixedPortConstants.ElementName} element supports x64 and arm64 packages only (WmiFixedPort.exe changes the 64-bit registry and services); this package is built for {platform}. Build with -arch x64 or -arch arm64 (InstallerPlatform).");

    public static Message ParentWithoutId(SourceLineNumber sourceLineNumbers, string parent) =>
        Error(sourceLineNumbers, Ids.ParentWithoutId, $"The {FixedPortConstants.ElementName} element's parent {parent} has no Id: the element adds its components to that feature.");

    // "{0}" and one argument: a value shown in the message may contain braces, which must not be read as a format.
    private static Message Error(SourceLineNumber sourceLineNumbers, Ids id, string text) =>
        new(sourceLineNumbers, MessageLevel.Error, (int)id, "{0}", text);
}
