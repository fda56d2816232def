import { lazy, Suspense } from 'react';
import { Link, useLocation } from './lib/router.tsx';
import { useSession } from './lib/session.tsx';
import { Button, Loading } from './ui/index.tsx';
import { ForgotPasswordScreen, ProfileScreen, ResetPasswordScreen } from './screens/Account.tsx';
import { SecurityScreen } from './account/SecurityScreen.tsx';
import { AssistantScreen } from './screens/Assistant.tsx';
import { AuthScreen } from './screens/Auth.tsx';
import { OidcCallbackScreen } from './account/oidc/OidcCallback.tsx';
import { CartScreen } from './screens/Cart.tsx';
import { MessagesLink, MessagesScreen } from './community/messages/MessagesScreen.tsx';
import { CatalogScreen } from './screens/Catalog.tsx';
import { CourseScreen } from './screens/Course.tsx';
import { LabsScreen } from './screens/Labs.tsx';
import { LessonScreen } from './screens/Lesson.tsx';
import { MyLearningScreen } from './screens/MyLearning.tsx';
import { NotificationsLink, NotificationsScreen } from './screens/Notifications.tsx';
import { OrdersScreen } from './screens/Orders.tsx';
import { WishlistScreen } from './screens/Wishlist.tsx';
import { TeachScreen } from './screens/Teach.tsx';
import { TeachCourseScreen } from './screens/TeachCourse.tsx';
import { GradebookScreen } from './grades/Gradebook.tsx';
import { ModerationQueueScreen } from './community/moderation/ModerationQueue.tsx';
import { CommunityScreen } from './community/bookmarks/Community.tsx';
import { DiscussionsScreen } from './community/threads/Discussions.tsx';
import { MembersScreen } from './community/threads/Members.tsx';
import { ThreadScreen } from './community/threads/Thread.tsx';
import { GroupScreen } from './community/groups/GroupScreen.tsx';
import { GroupsScreen } from './community/groups/GroupsScreen.tsx';
import { AdminUsersScreen } from './admin/AdminUsers.tsx';
import { AuditLogScreen } from './admin/AuditLog.tsx';
import { PreferencesScreen } from './account/preferences/PreferencesScreen.tsx';
import { UnsubscribeScreen } from './account/preferences/UnsubscribeScreen.tsx';
import { VerificationBanner } from './account/verification/VerificationBanner.tsx';
import { VerifyEmailScreen } from './account/verification/VerifyEmailScreen.tsx';

// The analytics screens load with their chart library, on first visit only.
const DashboardScreen = lazy(() => import('./screens/Dashboard.tsx').then((m) => ({ default: m.DashboardScreen })));
const CourseAnalyticsScreen = lazy(() => import('./screens/CourseAnalytics.tsx').then((m) => ({ default: m.CourseAnalyticsScreen })));
const PlatformMetricsScreen = lazy(() => import('./screens/PlatformMetrics.tsx').then((m) => ({ default: m.PlatformMetricsScreen })));
// The developer portal carries the whole schema reference: it loads on first visit only.
const DevelopersScreen = lazy(() => import('./developers/DevelopersScreen.tsx').then((m) => ({ default: m.DevelopersScreen })));

function Screen({ path }: { path: string }) {
  const course = /^\/courses\/([^/]+)$/.exec(path);
  if (course?.[1]) return <CourseScreen id={decodeURIComponent(course[1])} />;
  const discussions = /^\/courses\/([^/]+)\/discussions$/.exec(path);
  if (discussions?.[1]) return <DiscussionsScreen courseId={decodeURIComponent(discussions[1])} />;
  const thread = /^\/courses\/([^/]+)\/threads\/([^/]+)$/.exec(path);
  if (thread?.[1] && thread[2]) return <ThreadScreen key={thread[2]} courseId={decodeURIComponent(thread[1])} threadId={decodeURIComponent(thread[2])} />;
  const members = /^\/courses\/([^/]+)\/members$/.exec(path);
  if (members?.[1]) return <MembersScreen courseId={decodeURIComponent(members[1])} />;
  const gradebook = /^\/teach\/([^/]+)\/gradebook$/.exec(path);
  if (gradebook?.[1]) return <GradebookScreen courseId={decodeURIComponent(gradebook[1])} />;
  const analytics = /^\/teach\/([^/]+)\/analytics$/.exec(path);
  if (analytics?.[1]) return <CourseAnalyticsScreen key={analytics[1]} id={decodeURIComponent(analytics[1])} />;
  const taught = /^\/teach\/([^/]+)$/.exec(path);
  if (taught?.[1]) return <TeachCourseScreen id={decodeURIComponent(taught[1])} />;
  const studyGroup = /^\/groups\/([^/]+)$/.exec(path);
  if (studyGroup?.[1]) return <GroupScreen key={studyGroup[1]} id={decodeURIComponent(studyGroup[1])} />;
  const lesson = /^\/courses\/([^/]+)\/lessons\/([^/]+)$/.exec(path);
  if (lesson?.[1] && lesson[2]) return <LessonScreen key={lesson[2]} courseId={decodeURIComponent(lesson[1])} lessonId={decodeURIComponent(lesson[2])} />;
  if (path === '/messages' || path.startsWith('/messages/')) return <MessagesScreen path={path} />;
  if (path === '/developers' || path.startsWith('/developers/')) return <DevelopersScreen path={path} />;
  switch (path) {
    case '/signin': return <AuthScreen mode="signin" />;
    case '/signup': return <AuthScreen mode="signup" />;
    case '/auth/callback': return <OidcCallbackScreen />;
    case '/learning': return <MyLearningScreen />;
    case '/dashboard': return <DashboardScreen />;
    case '/admin/metrics': return <PlatformMetricsScreen />;
    case '/admin/users': return <AdminUsersScreen />;
    case '/admin/audit': return <AuditLogScreen />;
    case '/cart': return <CartScreen />;
    case '/profile': return <ProfileScreen />;
    case '/account/security': return <SecurityScreen />;
    case '/forgot-password': return <ForgotPasswordScreen />;
    case '/reset-password': return <ResetPasswordScreen />;
    case '/verify-email': return <VerifyEmailScreen />;
    case '/orders': return <OrdersScreen />;
    case '/wishlist': return <WishlistScreen />;
    case '/notifications': return <NotificationsScreen />;
    case '/labs': return <LabsScreen />;
    case '/teach': return <TeachScreen />;
    case '/assistant': return <AssistantScreen />;
    case '/moderation': return <ModerationQueueScreen />;
    case '/community': return <CommunityScreen />;
    case '/groups': return <GroupsScreen />;
    case '/settings/preferences': return <PreferencesScreen />;
    case '/unsubscribe': return <UnsubscribeScreen />;
    default: return <CatalogScreen />;
  }
}

export function App() {
  const { path } = useLocation();
  const { session, signOut } = useSession();
  const teaches = session?.user.roles.some((r) => r === 'INSTRUCTOR' || r === 'ADMIN') ?? false;
  const admin = session?.user.roles.includes('ADMIN') ?? false;
  return (
    <>
      <header className="app-header">
        <div className="app-header__inner">
          <Link to="/" className="app-header__brand">Learning Graph</Link>
          <nav className="app-nav" aria-label="Main">
            <Link to="/">Catalog</Link>
            {session && <Link to="/learning">My learning</Link>}
            {session && <Link to="/dashboard">Dashboard</Link>}
            {session && <Link to="/wishlist">Wishlist</Link>}
            {session && <Link to="/cart">Cart</Link>}
            {session && <Link to="/orders">Orders</Link>}
            {session && <NotificationsLink />}
            {session && <MessagesLink />}
            {session && <Link to="/assistant">Assistant</Link>}
            {session && <Link to="/community">Community</Link>}
            {session && <Link to="/groups">Study groups</Link>}
            {session && <Link to="/settings/preferences">Settings</Link>}
            <Link to="/labs">Labs</Link>
            {teaches && <Link to="/teach">Teach</Link>}
            {teaches && <Link to="/moderation">Moderation</Link>}
            {admin && <Link to="/admin/metrics">Platform metrics</Link>}
            {admin && <Link to="/admin/users">Users</Link>}
            {admin && <Link to="/admin/audit">Audit log</Link>}
            {session ? (
              <>
                <Link to="/profile" aria-label={`Your profile: ${session.user.displayName}`}>{session.user.displayName}</Link>
                <Button variant="secondary" onClick={() => void signOut()}>Sign out</Button>
              </>
            ) : (
              <>
                <Link to="/signin">Sign in</Link>
                <Link to="/signup">Sign up</Link>
              </>
            )}
          </nav>
        </div>
      </header>
      <main className="app-main" id="main">
        <VerificationBanner />
        <Suspense fallback={<Loading />}>
          <Screen path={path} />
        </Suspense>
      </main>
      <footer className="app-footer">
        <nav className="app-footer__inner" aria-label="Footer">
          <Link to="/developers">Developers</Link>
        </nav>
      </footer>
    </>
  );
}
