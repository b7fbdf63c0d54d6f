namespace MlopsAnalyzers.Abstractions;

/// <summary>Well-known version aliases.</summary>
public static class ModelAliases
{
    /// <summary>The highest registered version. Reserved: it cannot be set or removed.</summary>
    public const string Latest = "latest";

    /// <summary>The version serving should use, by convention.</summary>
    public const string Production = "production";

    /// <summary>The version being validated before production, by convention.</summary>
    public const string Staging = "staging";
}
