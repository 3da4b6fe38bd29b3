using System.Xml.Linq;

namespace WmiFixedPort.Wixext;

/// <summary>The extension's namespace and the names its element and the wixlib share.</summary>
internal static class FixedPortConstants
{
    /// <summary>Our XML namespace. A URN: it names the schema, it is not a download location, and it never changes within v1.</summary>
    public const string NamespaceUri = "urn:wmifixedport:wix:v1";

    public static readonly XNamespace Namespace = NamespaceUri;

    public const string ElementName = "FixedPort";

    /// <summary>Every Id the wixlib owns starts with this.</summary>
    public const string IdPrefix = "WmiFixedPort";

    /// <summary>The per-platform component group of the wixlib, completed with <see cref="PlatformSuffix"/>.</summary>
    public const string ComponentGroupPrefix = IdPrefix + "Components";
}
