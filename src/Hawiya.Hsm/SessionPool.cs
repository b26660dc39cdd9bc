using System.Collections.Concurrent;
using Net.Pkcs11Interop.Common;
using Net.Pkcs11Interop.HighLevelAPI;

namespace Hawiya.Hsm;

/// <summary>
/// Sessions on one token, logged in once and lent out one operation at a time. PKCS#11 §5.6: a
/// session is used by one thread at a time, while the login belongs to the application and holds
/// for every session it opens on the token, as long as one stays open; so one anchor session
/// keeps the login and the others are opened as they are needed, up to the configured number.
/// </summary>
internal sealed class SessionPool : IDisposable
{
    private readonly ISlot _slot;
    private readonly ISession _anchor;
    private readonly SemaphoreSlim _available;
    private readonly ConcurrentBag<ISession> _idle = [];

    public SessionPool(ISlot slot, string pin, int size)
    {
        _slot = slot;
        _available = new SemaphoreSlim(size, size);
        _anchor = slot.OpenSession(SessionType.ReadWrite);
        try
        {
            _anchor.Login(CKU.CKU_USER, pin);
        }
        catch (Pkcs11Exception error) when (error.RV == CKR.CKR_USER_ALREADY_LOGGED_IN)
        {
            // Another part of this process logged in to the same token first: the login is shared.
        }
        catch (Pkcs11Exception error)
        {
            _anchor.Dispose();
            throw new HsmException($"the token refused the login ({error.RV})", error);
        }
    }

    /// <summary>Runs <paramref name="work"/> on a session of its own, waiting while every session is lent.</summary>
    public T Run<T>(Func<ISession, T> work)
    {
        _available.Wait();
        ISession? session = null;
        try
        {
            session = _idle.TryTake(out var idle) ? idle : _slot.OpenSession(SessionType.ReadWrite);
            var result = work(session);
            _idle.Add(session);
            session = null;
            return result;
        }
        catch (Pkcs11Exception error)
        {
            // A session the token gave up on is not lent again; an operation it refused leaves it usable.
            if (session is not null && !Broken(error.RV))
            {
                _idle.Add(session);
                session = null;
            }

            throw new HsmException($"the token refused the operation ({error.RV})", error);
        }
        finally
        {
            session?.Dispose();
            _available.Release();
        }
    }

    private static bool Broken(CKR rv) => rv is CKR.CKR_SESSION_HANDLE_INVALID or CKR.CKR_SESSION_CLOSED
        or CKR.CKR_DEVICE_ERROR or CKR.CKR_DEVICE_REMOVED or CKR.CKR_TOKEN_NOT_PRESENT;

    public void Dispose()
    {
        while (_idle.TryTake(out var session))
        {
            session.Dispose();
        }

        _anchor.Dispose();
        _available.Dispose();
    }
}
