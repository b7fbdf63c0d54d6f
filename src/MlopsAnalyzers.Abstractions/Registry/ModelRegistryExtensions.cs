using System;
using System.Globalization;
using System.Text;
using Microsoft.ML;

namespace MlopsAnalyzers.Abstractions;

/// <summary>Conveniences over <see cref="IModelRegistry"/>.</summary>
public static class ModelRegistryExtensions
{
    /// <summary>Loads the <see cref="ModelAliases.Latest"/> version of a model.</summary>
    public static ITransformer Load(this IModelRegistry registry, MLContext mlContext, string name, out DataViewSchema inputSchema)
        => NotNull(registry).Load(mlContext, name, ModelAliases.Latest, out inputSchema);

    /// <summary>
    /// Loads a version after checking that data with <paramref name="expectedInputSchema"/> fits the schema it was
    /// trained with (see <see cref="ModelVersion.CheckInputSchema"/>).
    /// </summary>
    /// <exception cref="ModelSchemaMismatchException">The schemas differ.</exception>
    public static ITransformer Load(this IModelRegistry registry, MLContext mlContext, string name, string versionOrAlias, DataViewSchema expectedInputSchema, out DataViewSchema inputSchema)
    {
        var version = NotNull(registry).GetVersion(name, versionOrAlias);
        version.CheckInputSchema(expectedInputSchema);

        // Load the version that was checked, even if an alias moves meanwhile.
        return registry.Load(mlContext, name, version.Version.ToString(CultureInfo.InvariantCulture), out inputSchema);
    }

    /// <summary>Points <paramref name="alias"/> at the version that <paramref name="versionOrAlias"/> names now, e.g. promotes <c>latest</c> to <c>production</c>.</summary>
    public static ModelVersion SetAlias(this IModelRegistry registry, string name, string alias, string versionOrAlias)
    {
        var version = NotNull(registry).GetVersion(name, versionOrAlias);
        registry.SetAlias(name, alias, version.Version);
        return registry.GetVersion(name, version.Version.ToString(CultureInfo.InvariantCulture));
    }

    /// <summary>The content of a UTF-8 text artifact (see <see cref="ModelRegistration.AddTextArtifact"/>).</summary>
    public static string ReadTextArtifact(this IModelRegistry registry, string name, string versionOrAlias, string artifactName)
        => Encoding.UTF8.GetString(NotNull(registry).ReadArtifact(name, versionOrAlias, artifactName));

    private static IModelRegistry NotNull(IModelRegistry registry) => registry ?? throw new ArgumentNullException(nameof(registry));
}
