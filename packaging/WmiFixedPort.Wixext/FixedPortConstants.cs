using System.Collections.Generic;
using System.Xml.Linq;

namespace WmiFixedPort.Wixext;

/// <summary>The extension's namespace and the names its element and the wixlib share.</summary>
internal static class FixedPortConstants
{
    /// <summary>Our XML namespace. A URN: it names the schema, it is not a download location, and it never changes within v1.</summary>
    public const string NamespaceUri = "urn:wmifixedport:wix:v1";

    public static readonly XNamespace Namespace = NamespaceUri;

    public const string ElementName = "FixedPort";

    /// <summary>Parents that are features: the element places the engine's components and our firewall features there.</summary>
    public static readonly string[] FeatureParents = { "Feature", "FeatureRef" };

    /// <summary>Parents that are not features: the element places nothing (the consumer's features reference the component
    /// groups). In a Fragment it is linked when something else in that Fragment is referenced.</summary>
    public static readonly string[] PlainParents = { "Package", "Fragment" };

    /// <summary>Every parent the compiler accepts, in the order wmifixedport.xsd lists them (xse:parent) and the READMEs
    /// name them; the tests compare the three.</summary>
    public static readonly string[] Parents = { "Package", "Fragment", "Feature", "FeatureRef" };

    /// <summary>Every Id the wixlib owns starts with this.</summary>
    public const string IdPrefix = "WmiFixedPort";

    /// <summary>The enable action of the wixlib, completed with the platform suffix (_X64, _A64); the element references it.</summary>
    public const string EnableAction = IdPrefix + "Enable";

    /// <summary>The platform-neutral component group: exe, event source, remembered settings.</summary>
    public const string EngineComponents = IdPrefix + "EngineComponents";

    /// <summary>The wixlib's firewall features and the per-platform component group (without suffix) each one gets.</summary>
    public static readonly KeyValuePair<string, string>[] FirewallFeatures =
    {
        new(IdPrefix + "Firewall", IdPrefix + "FirewallWmiRule"),
        new(IdPrefix + "FirewallRpcEpmap", IdPrefix + "FirewallRpcEpmapRule"),
    };
}
