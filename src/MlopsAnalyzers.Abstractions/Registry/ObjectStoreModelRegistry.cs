using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.ML;
using MlopsAnalyzers.Abstractions.Storage;

namespace MlopsAnalyzers.Abstractions;

/// <summary>
/// A model registry in an object store (an S3 bucket, a blob container), with the layout of
/// <see cref="FileModelRegistry"/>: <c>&lt;name&gt;/&lt;version&gt;/model.zip</c>, <c>metadata.json</c>,
/// <c>artifacts/&lt;artifact&gt;</c>, and <c>&lt;name&gt;/aliases.json</c>.
/// </summary>
/// <remarks>
/// <para>
/// <b>Claiming a number.</b> A registration claims its version number by creating <c>&lt;name&gt;/&lt;version&gt;/.claim</c>
/// with a create-only write (<c>If-None-Match: *</c>): of two writers that try the same number, the server lets exactly
/// one succeed, and the other tries the next number. Any object under a number (a claim, a stray file) makes it taken.
/// </para>
/// <para>
/// <b>Visible only when complete.</b> The model and artifacts are uploaded under the claimed number, then
/// <c>metadata.json</c> last (create-only too). A version is listed only once its metadata exists, so a writer that dies
/// part-way leaves an invisible, claimed number: the next registration skips it (version numbers can have gaps).
/// </para>
/// <para>
/// <b>Aliases</b> are changed by compare-and-swap on <c>aliases.json</c>'s entity tag (<c>If-Match</c>), retried when
/// another writer changed it first. <b>Loading</b> checks the model's length and SHA-256 against its metadata; corrupt
/// content is reported (<see cref="CorruptModelException"/>), never skipped.
/// </para>
/// <para>
/// <b>Servers that ignore conditional writes.</b> Some S3-compatible servers overwrite on a create-only write. The
/// registry probes the server before its first write (<see cref="ProbeAsync"/>, also run by
/// <see cref="ModelRegistry.Open(string, ObjectStoreOptions?)"/>) and then refuses to write, with an error that says
/// why, unless <see cref="ObjectStoreOptions.SingleWriter"/> is set.
/// </para>
/// </remarks>
public sealed class ObjectStoreModelRegistry : IAsyncModelRegistry
{
    private const string ClaimName = ".claim";

    private readonly ObjectStoreOptions _options;
    private Task<bool>? _conditionalWrites;

    /// <summary>Creates a registry in <paramref name="store"/>.</summary>
    public ObjectStoreModelRegistry(ObjectStore store, ObjectStoreOptions? options = null)
    {
        Store = store ?? throw new ArgumentNullException(nameof(store));
        _options = options ?? new ObjectStoreOptions();
    }

    /// <summary>The store the registry keeps its versions in.</summary>
    public ObjectStore Store { get; }

    /// <summary>
    /// Probes whether the server honours create-only writes (see <see cref="ObjectStore.ProbeConditionalWritesAsync"/>);
    /// the answer is kept. A probe that fails (no write permission, for a reader) is retried before the first write.
    /// </summary>
    public async Task<bool> ProbeAsync(CancellationToken cancellationToken = default)
    {
        var probe = _conditionalWrites ??= Store.ProbeConditionalWritesAsync(cancellationToken);
        try
        {
            return await probe.ConfigureAwait(false);
        }
        catch
        {
            _ = Interlocked.CompareExchange(ref _conditionalWrites, null, probe);
            throw;
        }
    }

    /// <inheritdoc />
    public async Task<ModelVersion> RegisterAsync(MLContext mlContext, string name, ITransformer model, DataViewSchema inputSchema, ModelRegistration? registration = null, CancellationToken cancellationToken = default)
    {
        registration = RegistryCore.ValidateRegistration(mlContext, name, model, inputSchema, registration);
        await EnsureSafeWritesAsync(cancellationToken).ConfigureAwait(false);
        var modelBytes = RegistryCore.SaveModel(mlContext, model, inputSchema);
        var artifacts = registration.Artifacts.OrderBy(a => a.Key, StringComparer.Ordinal).ToList();
        var document = RegistryCore.NewDocument(name, inputSchema, registration, RegistryCore.Entry(FileModelRegistry.ModelFileName, modelBytes), artifacts.Select(a => RegistryCore.Entry(a.Key, a.Value)).ToList());

        // A corrupt alias file refuses the registration before anything is claimed.
        var aliases = (await ReadAliasesAsync(name, cancellationToken).ConfigureAwait(false)).Aliases;
        var version = await ClaimAsync(name, cancellationToken).ConfigureAwait(false);
        document.Version = version;
        await Store.PutAsync(VersionKey(name, version, FileModelRegistry.ModelFileName), modelBytes, cancellationToken).ConfigureAwait(false);
        foreach (var artifact in artifacts)
        {
            await Store.PutAsync(VersionKey(name, version, FileModelRegistry.ArtifactsFolderName + "/" + artifact.Key), artifact.Value, cancellationToken).ConfigureAwait(false);
        }

        var metadataKey = VersionKey(name, version, FileModelRegistry.MetadataFileName);
        if (await Store.TryCreateAsync(metadataKey, VersionMetadataFile.Serialize(document), cancellationToken).ConfigureAwait(false) is null)
        {
            throw new ModelRegistryException($"Version {version} of model '{name}' was claimed by this registration, but '{Store.Describe(metadataKey)}' exists already: another writer ignored the claim. Nothing was overwritten.");
        }

        if (registration.Aliases.Count > 0)
        {
            // Published: an alias that cannot be set now is reported, not thrown, so a retry does not register twice.
            try
            {
                aliases = await UpdateAliasesAsync(name, a => { foreach (var alias in registration.Aliases) { a[alias] = version; } return true; }, CancellationToken.None).ConfigureAwait(false);
            }
            catch (ModelRegistryException e)
            {
                Trace.TraceWarning("MlopsAnalyzers model registry: version {0} of model '{1}' is registered, but its aliases could not be set: {2}", version, name, e.Message);
            }
        }

        return RegistryCore.ToModelVersion(document, aliases, Store.Describe(VersionKey(name, version, "")));
    }

    /// <inheritdoc />
    public async Task<LoadedModel> LoadAsync(MLContext mlContext, string name, string versionOrAlias, CancellationToken cancellationToken = default)
    {
        if (mlContext is null)
        {
            throw new ArgumentNullException(nameof(mlContext));
        }

        var version = await ResolveAsync(name, versionOrAlias, cancellationToken).ConfigureAwait(false);
        var bytes = await ReadModelFileAsync(name, version, cancellationToken).ConfigureAwait(false);
        var model = RegistryCore.LoadModel(mlContext, bytes, Store.Describe(VersionKey(name, version, FileModelRegistry.ModelFileName)), name, version, out var schema);
        return new LoadedModel(model, schema);
    }

    /// <inheritdoc />
    public async Task<byte[]> ReadModelFileAsync(string name, string versionOrAlias, CancellationToken cancellationToken = default)
        => await ReadModelFileAsync(name, await ResolveAsync(name, versionOrAlias, cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);

    /// <inheritdoc />
    public async Task<ModelVersion> GetVersionAsync(string name, string versionOrAlias, CancellationToken cancellationToken = default)
    {
        var version = await ResolveAsync(name, versionOrAlias, cancellationToken).ConfigureAwait(false);
        var aliases = await ReadAliasesAsync(name, cancellationToken).ConfigureAwait(false);
        return RegistryCore.ToModelVersion(await ReadMetadataAsync(name, version, cancellationToken).ConfigureAwait(false), aliases.Aliases, Store.Describe(VersionKey(name, version, "")));
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<ModelVersion>> ListVersionsAsync(string name, CancellationToken cancellationToken = default)
    {
        RegistryNames.ValidateModelName(name);
        var scan = await ScanAsync(name, cancellationToken).ConfigureAwait(false);
        var aliases = (await ReadAliasesAsync(name, cancellationToken).ConfigureAwait(false)).Aliases;
        var documents = await ParallelReads.ReadAllAsync(scan.Published, (version, token) => ReadMetadataAsync(name, version, token), cancellationToken).ConfigureAwait(false);
        return documents.Select(d => RegistryCore.ToModelVersion(d, aliases, Store.Describe(VersionKey(name, d.Version, "")))).ToList();
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<string>> ListModelsAsync(CancellationToken cancellationToken = default)
    {
        var names = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var key in await Store.ListAsync("", cancellationToken).ConfigureAwait(false))
        {
            var parts = key.Split('/');
            if (parts.Length == 3 && parts[2] == FileModelRegistry.MetadataFileName && RegistryNames.IsValidModelName(parts[0]) && RegistryNames.TryParseVersion(parts[1], out _))
            {
                names.Add(parts[0]);
            }
        }

        return names.ToList();
    }

    /// <inheritdoc />
    public async Task SetAliasAsync(string name, string alias, int version, CancellationToken cancellationToken = default)
    {
        RegistryNames.ValidateModelName(name);
        RegistryNames.ValidateAlias(alias);
        var scan = await ScanAsync(name, cancellationToken).ConfigureAwait(false);
        if (!scan.Published.Contains(version))
        {
            throw new ModelNotFoundException($"Model '{name}' has no version {version} in '{Store.Root}'{RegistryCore.DescribeVersions(scan.Published)}.");
        }

        await EnsureSafeWritesAsync(cancellationToken).ConfigureAwait(false);
        await UpdateAliasesAsync(name, a => { a[alias] = version; return true; }, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<bool> RemoveAliasAsync(string name, string alias, CancellationToken cancellationToken = default)
    {
        RegistryNames.ValidateModelName(name);
        RegistryNames.ValidateAlias(alias);
        if (!(await ReadAliasesAsync(name, cancellationToken).ConfigureAwait(false)).Aliases.ContainsKey(alias))
        {
            return false;
        }

        await EnsureSafeWritesAsync(cancellationToken).ConfigureAwait(false);
        var removed = false;
        await UpdateAliasesAsync(name, a => removed = a.Remove(alias), cancellationToken).ConfigureAwait(false);
        return removed;
    }

    /// <inheritdoc />
    public async Task<byte[]> ReadArtifactAsync(string name, string versionOrAlias, string artifactName, CancellationToken cancellationToken = default)
    {
        RegistryNames.ValidateArtifactName(artifactName);
        var version = await ResolveAsync(name, versionOrAlias, cancellationToken).ConfigureAwait(false);
        var document = await ReadMetadataAsync(name, version, cancellationToken).ConfigureAwait(false);
        var entry = document.Artifacts?.FirstOrDefault(a => a.Name == artifactName)
            ?? throw new ModelNotFoundException($"Version {version} of model '{name}' has no artifact '{artifactName}'.");
        return await ReadVerifiedAsync(VersionKey(name, version, FileModelRegistry.ArtifactsFolderName + "/" + artifactName), entry, $"The artifact '{artifactName}' of version {version} of model '{name}'", cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public ModelVersion Register(MLContext mlContext, string name, ITransformer model, DataViewSchema inputSchema, ModelRegistration? registration = null)
        => Wait(RegisterAsync(mlContext, name, model, inputSchema, registration));

    /// <inheritdoc />
    public ITransformer Load(MLContext mlContext, string name, string versionOrAlias, out DataViewSchema inputSchema)
    {
        var loaded = Wait(LoadAsync(mlContext, name, versionOrAlias));
        inputSchema = loaded.InputSchema;
        return loaded.Model;
    }

    /// <inheritdoc />
    public ModelVersion GetVersion(string name, string versionOrAlias) => Wait(GetVersionAsync(name, versionOrAlias));

    /// <inheritdoc />
    public IReadOnlyList<ModelVersion> ListVersions(string name) => Wait(ListVersionsAsync(name));

    /// <inheritdoc />
    public IReadOnlyList<string> ListModels() => Wait(ListModelsAsync());

    /// <inheritdoc />
    public void SetAlias(string name, string alias, int version) => SetAliasAsync(name, alias, version).ConfigureAwait(false).GetAwaiter().GetResult();

    /// <inheritdoc />
    public bool RemoveAlias(string name, string alias) => Wait(RemoveAliasAsync(name, alias));

    /// <inheritdoc />
    public byte[] ReadArtifact(string name, string versionOrAlias, string artifactName) => Wait(ReadArtifactAsync(name, versionOrAlias, artifactName));

    /// <inheritdoc />
    public byte[] ReadModelFile(string name, string versionOrAlias) => Wait(ReadModelFileAsync(name, versionOrAlias));

    /// <inheritdoc />
    public override string ToString() => $"Model registry at '{Store.Root}'";

    /// <summary>
    /// Blocks on an asynchronous member. Every await inside uses <c>ConfigureAwait(false)</c>, so the continuation never
    /// needs the caller's synchronization context and blocking cannot deadlock.
    /// </summary>
    private static T Wait<T>(Task<T> task) => task.ConfigureAwait(false).GetAwaiter().GetResult();

    private static string VersionKey(string name, int version, string file)
        => name + "/" + version.ToString(CultureInfo.InvariantCulture) + "/" + file;

    private static string AliasesKey(string name) => name + "/" + FileModelRegistry.AliasesFileName;

    private async Task EnsureSafeWritesAsync(CancellationToken cancellationToken)
    {
        if (!_options.SingleWriter && !await ProbeAsync(cancellationToken).ConfigureAwait(false))
        {
            throw new ModelRegistryException(
                $"The server of '{Store.Root}' ignores create-only writes (If-None-Match: *): a probe object written twice was overwritten. " +
                "Concurrent registrations could then take the same version number and overwrite each other, so this registry refuses to write. " +
                "Use a server that honours conditional writes (Amazon S3 and Azure Blob Storage do), or, if only one process ever writes to this root, set ObjectStoreOptions.SingleWriter.");
        }
    }

    /// <summary>The published versions (with metadata), ascending, and the highest number taken by anything.</summary>
    private async Task<(List<int> Published, int HighestTaken)> ScanAsync(string name, CancellationToken cancellationToken)
    {
        var published = new List<int>();
        var highest = 0;
        foreach (var key in await Store.ListAsync(name + "/", cancellationToken).ConfigureAwait(false))
        {
            var parts = key.Split(new[] { '/' }, 3);
            if (parts.Length == 3 && RegistryNames.TryParseVersion(parts[1], out var version))
            {
                highest = Math.Max(highest, version);
                if (parts[2] == FileModelRegistry.MetadataFileName)
                {
                    published.Add(version);
                }
            }
        }

        published.Sort();
        return (published, highest);
    }

    private async Task<int> ClaimAsync(string name, CancellationToken cancellationToken)
    {
        var next = 1;
        var claim = System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(new ClaimRecord { Host = Environment.MachineName, ClaimedAtUtc = DateTimeOffset.UtcNow });
        for (var attempt = 0; attempt < 10_000; attempt++)
        {
            var scan = await ScanAsync(name, cancellationToken).ConfigureAwait(false);
            var candidate = Math.Max(next, scan.HighestTaken + 1);
            if (scan.HighestTaken >= RegistryNames.HighestVersion || candidate > RegistryNames.HighestVersion)
            {
                throw new ModelRegistryException($"Model '{name}' in '{Store.Root}' has version number {RegistryNames.HighestVersion} taken, the highest the registry supports, so no later version can be registered. Register under a new model name.");
            }

            if (await Store.TryCreateAsync(VersionKey(name, candidate, ClaimName), claim, cancellationToken).ConfigureAwait(false) is not null)
            {
                return candidate;
            }

            // Another writer claimed this number between the listing and the write: try the next one.
            next = candidate + 1;
        }

        throw new ModelRegistryException($"Could not claim a version number for model '{name}' in '{Store.Root}'.");
    }

    private async Task<int> ResolveAsync(string name, string versionOrAlias, CancellationToken cancellationToken)
    {
        RegistryCore.ValidateVersionOrAlias(name, versionOrAlias);
        var scan = await ScanAsync(name, cancellationToken).ConfigureAwait(false);
        if (scan.HighestTaken == 0)
        {
            throw new ModelNotFoundException($"No model named '{name}' is registered in '{Store.Root}'.");
        }

        Dictionary<string, int>? aliases = null;
        if (!RegistryNames.TryParseVersion(versionOrAlias, out _) && !string.Equals(versionOrAlias, ModelAliases.Latest, StringComparison.OrdinalIgnoreCase))
        {
            aliases = (await ReadAliasesAsync(name, cancellationToken).ConfigureAwait(false)).Aliases;
        }

        return RegistryCore.Resolve(name, versionOrAlias, scan.Published, () => aliases!, Store.Root, Store.Describe(AliasesKey(name)));
    }

    private async Task<VersionMetadataFile.Document> ReadMetadataAsync(string name, int version, CancellationToken cancellationToken)
    {
        var key = VersionKey(name, version, FileModelRegistry.MetadataFileName);
        var stored = await Store.ReadAsync(key, cancellationToken).ConfigureAwait(false)
            ?? throw new CorruptModelException(Store.Describe(key), $"Version {version} of model '{name}' has no metadata: '{Store.Describe(key)}' is missing.");
        return VersionMetadataFile.Parse(stored.Content, Store.Describe(key), name, version);
    }

    private async Task<byte[]> ReadModelFileAsync(string name, int version, CancellationToken cancellationToken)
    {
        var document = await ReadMetadataAsync(name, version, cancellationToken).ConfigureAwait(false);
        return await ReadVerifiedAsync(VersionKey(name, version, FileModelRegistry.ModelFileName), document.ModelFile!, $"The model file of version {version} of model '{name}'", cancellationToken).ConfigureAwait(false);
    }

    private async Task<byte[]> ReadVerifiedAsync(string key, VersionMetadataFile.FileEntry entry, string what, CancellationToken cancellationToken)
    {
        var location = Store.Describe(key);
        var stored = await Store.ReadAsync(key, cancellationToken).ConfigureAwait(false)
            ?? throw new CorruptModelException(location, $"{what} is missing: '{location}'.");
        RegistryCore.Verify(stored.Content, entry, location, what);
        return stored.Content;
    }

    private async Task<(Dictionary<string, int> Aliases, string? ETag)> ReadAliasesAsync(string name, CancellationToken cancellationToken)
    {
        var key = AliasesKey(name);
        var stored = await Store.ReadAsync(key, cancellationToken).ConfigureAwait(false);
        return stored is null
            ? (new Dictionary<string, int>(StringComparer.Ordinal), null)
            : (VersionMetadataFile.ParseAliases(stored.Content, Store.Describe(key)), stored.ETag);
    }

    /// <summary>Read, change, compare-and-swap on the entity tag; again when another writer changed the file first.</summary>
    private async Task<Dictionary<string, int>> UpdateAliasesAsync(string name, Func<Dictionary<string, int>, bool> change, CancellationToken cancellationToken)
    {
        var key = AliasesKey(name);
        var random = new Random(Guid.NewGuid().GetHashCode());
        for (var attempt = 0; attempt < 100; attempt++)
        {
            var (aliases, etag) = await ReadAliasesAsync(name, cancellationToken).ConfigureAwait(false);
            if (!change(aliases))
            {
                return aliases;
            }

            var bytes = VersionMetadataFile.SerializeAliases(aliases);
            var written = etag is null
                ? await Store.TryCreateAsync(key, bytes, cancellationToken).ConfigureAwait(false)
                : await Store.TryReplaceAsync(key, bytes, etag, cancellationToken).ConfigureAwait(false);
            if (written is not null)
            {
                return aliases;
            }

            await Task.Delay(random.Next(5, 50), cancellationToken).ConfigureAwait(false);
        }

        throw new ModelRegistryException($"Could not update '{Store.Describe(key)}': other writers changed it 100 times in a row.");
    }

    /// <summary>The content of a claim object: who claimed the number, and when (for people looking at a gap).</summary>
    private sealed class ClaimRecord
    {
        [System.Text.Json.Serialization.JsonPropertyName("host")]
        public string? Host { get; set; }

        [System.Text.Json.Serialization.JsonPropertyName("claimedAtUtc")]
        public DateTimeOffset ClaimedAtUtc { get; set; }
    }
}
