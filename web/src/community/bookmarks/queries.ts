import { graphql } from '../../gql/index.ts';

export const MyBookmarksQuery = graphql(`
  query MyBookmarks($after: String) {
    myBookmarks(first: 20, after: $after) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges { node { kind id createdAt target {
        __typename
        ... on Thread { id title course { id title } }
        ... on Question { id title course { id title } }
      } } }
    }
  }
`);

export const MyQuestionsQuery = graphql(`
  query MyQuestions($after: String) {
    myQuestions(first: 20, after: $after) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges { node { id title answerCount createdAt course { id title } } }
    }
  }
`);

export const MyAnswersQuery = graphql(`
  query MyAnswers($after: String) {
    myAnswers(first: 20, after: $after) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges { node { id body isAccepted createdAt question { id title course { id title } } } }
    }
  }
`);

export const RemoveBookmarkMutation = graphql(`
  mutation RemoveBookmark($kind: PostKind!, $id: ID!) { unbookmark(kind: $kind, id: $id) }
`);
